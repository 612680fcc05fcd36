package io.modelstore.pytorch;

import ai.djl.engine.Engine;
import ai.djl.pytorch.engine.PtEngineProvider;
import ai.djl.util.Platform;
import ai.djl.util.Utils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Starts DJL's PyTorch engine, once a JVM, from the natives on the classpath: DJL unpacks them (about 430 MB) into
 * its engine cache directory on the first start, then loads them from there.
 */
final class TorchEngine {

    private static volatile Engine engine;

    private TorchEngine() {}

    /**
     * The started engine.
     *
     * @throws IllegalStateException when PyTorch cannot start here, saying why and what to do; the next call tries
     *                               again (a full disk may have been freed)
     */
    static Engine start() {
        Engine started = engine;
        if (started != null) {
            return started;
        }
        synchronized (TorchEngine.class) {
            if (engine == null) {
                engine = startOnce();
            }
            return engine;
        }
    }

    private static Engine startOnce() {
        OfflineMode.applyDefault();
        // DJL looks for the natives' properties, and ServiceLoader for engines, through the context class loader:
        // this module's, whatever thread (a LiveModel's poller, a servlet container's) starts the engine.
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(TorchEngine.class.getClassLoader());
        try {
            checkNativesArePresent();
            return loadNatives();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static Engine loadNatives() {
        try {
            return new PtEngineProvider().getEngine();
        } catch (RuntimeException | LinkageError e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new IllegalStateException(
                    "PyTorch (DJL " + Engine.getDjlVersion() + ") cannot start: " + e
                            + (root == e ? "" : " (" + root + ")") + ". DJL unpacks the natives (about 430 MB) into "
                            + Utils.getEngineCacheDir("pytorch")
                            + " on a first start: that directory must be writable and have room; set ENGINE_CACHE_DIR (or "
                            + "DJL_CACHE_DIR) to move it.",
                    e);
        }
    }

    /**
     * Whether DJL's cache holds natives it downloaded before (as {@code <version>-<flavor>-<classifier>/}), which it
     * uses without the network when no native jar is on the classpath.
     */
    private static boolean unpackedBefore(String version, String classifier) {
        Path cache = Utils.getEngineCacheDir("pytorch");
        String library = System.mapLibraryName("torch");
        try (Stream<Path> dirs = Files.list(cache)) {
            return dirs.anyMatch(d -> d.getFileName()
                            .toString()
                            .matches(Pattern.quote(version) + "-(cpu|cu\\d+)(-precxx11)?-" + Pattern.quote(classifier))
                    && Files.isRegularFile(d.resolve(library)));
        } catch (IOException e) {
            return false; // no cache yet
        }
    }

    /** Refuses, before DJL would download them, a platform whose natives are not on the classpath. */
    private static void checkNativesArePresent() {
        if (Utils.getEnvOrSystemProperty("PYTORCH_LIBRARY_PATH") != null || OfflineMode.downloadsAllowed()) {
            return; // the application's own libtorch, or its choice to let DJL download
        }
        Platform platform = Platform.detectPlatform("pytorch");
        String classifier = Platform.fromSystem("pytorch").getClassifier();
        if (platform.isPlaceholder() && !unpackedBefore(platform.getVersion(), classifier)) {
            throw new IllegalStateException("No PyTorch native library for " + classifier + " is on the classpath, "
                    + "and DJL may not download one (offline mode, " + OfflineMode.PROPERTY
                    + "=true). Add the dependency "
                    + "ai.djl.pytorch:pytorch-native-cpu:"
                    + platform.getVersion().replaceAll("-.*", "")
                    + " with the classifier " + classifier + " (beside ai.djl.pytorch:pytorch-jni), or set "
                    + "PYTORCH_LIBRARY_PATH to a libtorch directory of that version; -D" + OfflineMode.PROPERTY
                    + "=false lets DJL download it instead.");
        }
    }
}
