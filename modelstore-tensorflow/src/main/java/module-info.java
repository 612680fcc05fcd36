/** The {@code tensorflow} and {@code keras} (SavedModel) model loaders, on TensorFlow Java. */
module io.modelstore.tensorflow {
    // The loaders are ModelLoaders.
    requires transitive io.modelstore;
    // TensorFlow Java has module descriptors: tensorflow (org.tensorflow), which requires tensorflow.nativelib
    // (org.tensorflow.proto, the signatures' protos) transitively. Not transitive here: no TensorFlow type is in this
    // module's API (a user who loads a SavedModelBundle requires tensorflow).
    requires tensorflow;

    exports io.modelstore.tensorflow;

    // As META-INF/services/io.modelstore.ModelLoader says, for the class path.
    provides io.modelstore.ModelLoader with
            io.modelstore.tensorflow.TensorFlowModelLoader,
            io.modelstore.tensorflow.KerasModelLoader;
}
