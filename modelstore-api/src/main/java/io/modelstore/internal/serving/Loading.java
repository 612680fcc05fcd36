package io.modelstore.internal.serving;

import io.modelstore.DownloadOptions;
import io.modelstore.LiveModel;
import io.modelstore.Loaders;
import io.modelstore.ModelLoader;
import io.modelstore.ModelMetadata;
import io.modelstore.ModelNotLoadableException;
import io.modelstore.ModelSignature;
import io.modelstore.internal.ApiAccess;
import io.modelstore.internal.archive.Placement;
import io.modelstore.internal.cache.ModelFiles;
import io.modelstore.internal.read.Downloads;
import io.modelstore.spi.ModelStoreException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Loads a model into the JVM runtime its library names: finds the loader, gets the files, hands them over. */
public final class Loading {

    private static final Logger LOG = LoggerFactory.getLogger(Loading.class);

    private final Downloads downloads;
    private final Loaders loaders;

    public Loading(Downloads downloads, Loaders loaders) {
        this.downloads = downloads;
        this.loaders = loaders;
    }

    /** A null {@code modelId} means the domain's latest model; offline, a cached model's metadata answers. */
    public <T> T load(String domain, String modelId, Class<T> type) {
        return load(downloads.metadataOf(domain, modelId), type);
    }

    /** Loads the model {@code meta} describes, read once by the caller (a {@link LiveModel}'s watch, say). */
    public <T> T load(ModelMetadata meta, Class<T> type) {
        Objects.requireNonNull(type, "type");
        ModelLoader byLibrary =
                ApiAccess.get().byLibraryOf(loaders, meta).orElse(null); // none: a loader may recognize the files
        if (byLibrary != null) {
            checkType(byLibrary, type, meta); // before downloading what could not be returned
        }
        Object model;
        try {
            model = downloads.withFiles(meta, DownloadOptions.defaults(), files -> {
                ModelLoader loader =
                        byLibrary != null ? byLibrary : ApiAccess.get().recognizing(loaders, files.directory(), meta);
                Object loaded;
                try {
                    loaded = loadFrom(loader, files, meta);
                } catch (RuntimeException e) {
                    files.confirmUnchanged(); // files changed under the runtime: read them again rather than fail
                    throw e;
                }
                try {
                    files.confirmUnchanged(); // a runtime that read changed files holds the wrong model
                } catch (ModelFiles.Changed e) {
                    release(meta, loaded);
                    throw e;
                }
                return loaded;
            });
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // only recognizing reads files; what it cannot read is its error
        }
        if (!type.isInstance(model)) {
            closeQuietly(model, meta);
            throw wrongType(model.getClass().getName(), type, meta);
        }
        return type.cast(model);
    }

    /**
     * The signature of a model about to be uploaded, read by loading its files (archive name to source file) with
     * the loader of its library, where one is installed; empty otherwise, or when they cannot be loaded (an upload
     * stores whatever it is given, as Python's does).
     */
    public java.util.Optional<ModelSignature> describe(
            ModelMetadata model, java.util.Map<String, java.nio.file.Path> files) {
        ModelLoader loader;
        try {
            loader = ApiAccess.get().byLibraryOf(loaders, model).orElse(null);
        } catch (RuntimeException e) {
            loader = null; // its module is missing here: nothing to read the signature with
        }
        if (loader == null) {
            return java.util.Optional.empty();
        }
        java.nio.file.Path directory = null;
        try {
            directory = java.nio.file.Files.createTempDirectory("modelstore-describe-");
            for (java.util.Map.Entry<String, java.nio.file.Path> file : files.entrySet()) {
                java.nio.file.Path link = directory.resolve(file.getKey());
                java.nio.file.Files.createDirectories(link.getParent());
                java.nio.file.Files.createSymbolicLink(link, file.getValue().toAbsolutePath());
            }
            Object loaded = loader.load(directory, model);
            try {
                return loader.signature(loaded);
            } finally {
                loader.release(loaded);
            }
        } catch (Exception | LinkageError e) {
            LOG.debug("No signature recorded for model {}/{}: {}", model.domain(), model.modelId(), e.toString());
            return java.util.Optional.empty();
        } finally {
            if (directory != null) {
                try {
                    Placement.deleteRecursively(directory);
                } catch (java.io.IOException e) {
                    LOG.warn("Cannot delete {}: {}", directory, e.toString());
                }
            }
        }
    }

    /** What a loaded model takes and gives, as the loader that loaded it says; empty where it cannot tell. */
    public java.util.Optional<ModelSignature> signature(Object model) {
        Objects.requireNonNull(model, "model");
        ModelLoader loader = ApiAccess.get().loaderOf(loaders, model).orElse(null);
        if (loader == null) {
            return java.util.Optional.empty();
        }
        try {
            return loader.signature(model);
        } catch (Exception | LinkageError e) {
            LOG.warn("Cannot read the signature of a {} model: {}", loader.library(), e.toString());
            return java.util.Optional.empty();
        }
    }

    private static Object loadFrom(ModelLoader loader, ModelFiles files, ModelMetadata meta) {
        try {
            return loader.load(files.directory(), meta);
        } catch (ModelStoreException e) {
            throw e;
        } catch (Exception | LinkageError e) {
            throw new ModelNotLoadableException(
                    "The '" + meta.library() + "' runtime cannot load model '"
                            + meta.modelId() + "' of domain '" + meta.domain() + "' ("
                            + loader.getClass().getName() + "): " + e
                            + ". Its files may be damaged or need a newer runtime: download() them to check, or upload the model "
                            + "again.",
                    e);
        }
    }

    /** Refuses a {@code type} the loader's result cannot be, when its class is there to tell. */
    private static void checkType(ModelLoader loader, Class<?> type, ModelMetadata meta) {
        try {
            Class<?> returned =
                    Class.forName(loader.typeName(), false, loader.getClass().getClassLoader());
            if (!type.isAssignableFrom(returned)) {
                throw wrongType(loader.typeName(), type, meta);
            }
        } catch (ClassNotFoundException | LinkageError e) {
            // The result is checked instead.
        }
    }

    private static ModelNotLoadableException wrongType(String returned, Class<?> type, ModelMetadata meta) {
        return new ModelNotLoadableException(
                "Model '" + meta.modelId() + "' of domain '" + meta.domain() + "' (library '"
                        + meta.library() + "') loads as " + returned + ", not as " + type.getName() + ": ask for "
                        + returned
                        + ", or call load(domain, modelId) for an Object.",
                null);
    }

    /** Frees a loaded model as its library's loader does; a failure is logged, not thrown (the model is done with). */
    public void release(ModelMetadata meta, Object model) {
        try {
            // By what it is: a model file's loader was found by its content, not by its library.
            ApiAccess.get()
                    .loaderOf(loaders, model)
                    .orElseGet(() -> loaders.loaderFor(meta))
                    .release(model);
        } catch (Exception | LinkageError e) {
            LOG.warn("Could not free model {}/{}: {}", meta.domain(), meta.modelId(), e.toString());
        }
    }

    private void closeQuietly(Object model, ModelMetadata meta) {
        release(meta, model); // the wrong-type error is the one to report
    }
}
