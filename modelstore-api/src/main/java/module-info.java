/**
 * The ModelStore facade ({@code io.modelstore}) and the storage SPI ({@code io.modelstore.spi}).
 *
 * <p>Backends ({@link io.modelstore.spi.StorageProvider}) and model loaders ({@link io.modelstore.ModelLoader}) are
 * found with {@link java.util.ServiceLoader}: on the module path, a module that {@code provides} one of them is bound
 * by the resolver as soon as this module is resolved, so an application {@code requires io.modelstore;} alone and puts
 * the backends it wants on the module path. On the class path, the {@code META-INF/services} files do the same.
 */
module io.modelstore {
    // No type of these appears in the exported API, so none of them is required transitively.
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.databind;
    requires org.apache.commons.compress;
    requires org.apache.commons.io;
    requires org.slf4j;
    // StorageSupport recognizes the JDK HTTP client's connect timeout among a backend's failures.
    requires java.net.http;

    exports io.modelstore;
    exports io.modelstore.spi;
    // The implementation, io.modelstore.internal and its subpackages, is exported to no module: no module of this
    // project needs it (LayeringTest checks that none uses it), so none is named here.

    // Jackson binds CacheManifest (the cache's manifest.json, a record) by reflection.
    opens io.modelstore.internal.cache to
            com.fasterxml.jackson.databind;

    // Discovery calls ServiceLoader.load for these two; on the module path that needs "uses" in this module.
    uses io.modelstore.spi.StorageProvider;
    uses io.modelstore.ModelLoader;
}
