/** The {@code onnx} and {@code catboost} model loaders, on ONNX Runtime. */
module io.modelstore.onnx {
    // The loaders are ModelLoaders.
    requires transitive io.modelstore;
    // ONNX Runtime's jar has no descriptor but declares its module name (Automatic-Module-Name
    // com.microsoft.onnxruntime) and loads its natives from its own jar: requiring it is what the pom's lint exclusion
    // is for. Not transitive: no ONNX Runtime type is in this module's API (a user who loads an OrtSession requires
    // it).
    requires com.microsoft.onnxruntime;

    exports io.modelstore.onnx;

    // As META-INF/services/io.modelstore.ModelLoader says, for the class path.
    provides io.modelstore.ModelLoader with
            io.modelstore.onnx.OnnxModelLoader,
            io.modelstore.onnx.CatBoostOnnxModelLoader;
}
