package io.modelstore.lightgbm;

import com.microsoft.ml.lightgbm.lightgbmlib;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Loads lightgbmlib's two native libraries once per JVM. The jar ships them as resources but has no loader of its
 * own: they are copied to a temporary directory and loaded from there, LightGBM itself first, since its SWIG
 * wrapper links against it.
 */
final class LightGbmNatives {

    private static final String RESOURCES = "com/microsoft/ml/lightgbm/";
    private static final Object LOCK = new Object();
    private static boolean loaded;
    private static LinkageError failure; // reported again, not retried: the machine will not change under the JVM

    private LightGbmNatives() {}

    /** Loads the libraries if no one has yet; throws the same {@link LinkageError} on every call when they cannot. */
    // The first failure is kept and thrown again, as the JVM does with a class whose initializer failed.
    @SuppressWarnings("StaticAssignmentOfThrowable")
    static void load() {
        synchronized (LOCK) {
            if (loaded) {
                return;
            }
            if (failure != null) {
                throw failure;
            }
            try {
                if (!alreadyLoaded()) {
                    extractAndLoad();
                }
                loaded = true;
            } catch (LinkageError e) {
                failure = e;
                throw e;
            }
        }
    }

    /** Another user of lightgbmlib in this JVM (SynapseML, say) may have loaded them: loading twice would fail. */
    private static boolean alreadyLoaded() {
        try {
            lightgbmlib.LGBM_GetLastError();
            return true;
        } catch (UnsatisfiedLinkError e) {
            return false;
        }
    }

    private static void extractAndLoad() {
        String platform = platform();
        String suffix = platform.startsWith("windows") ? ".dll" : platform.startsWith("osx") ? ".dylib" : ".so";
        Path directory;
        try {
            directory = Files.createTempDirectory("modelstore-lightgbm-");
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot make a temporary directory for LightGBM's native libraries " + "(java.io.tmpdir="
                            + System.getProperty("java.io.tmpdir") + "): " + e.getMessage(),
                    e);
        }
        Path lightgbm = extract(platform, "lib_lightgbm" + suffix, directory);
        Path swig = extract(platform, "lib_lightgbm_swig" + suffix, directory);
        try {
            System.load(lightgbm.toString());
            System.load(swig.toString());
        } catch (UnsatisfiedLinkError e) {
            throw explained(e);
        } finally {
            removeWhenLoaded(directory, lightgbm, swig);
        }
    }

    /** Such as {@code linux/x86_64}, the folder of the jar that holds this machine's libraries. */
    private static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String osDir = os.startsWith("linux")
                ? "linux"
                : os.startsWith("windows") ? "windows" : os.startsWith("mac") || os.startsWith("darwin") ? "osx" : null;
        String archDir = arch.equals("amd64") || arch.equals("x86_64") ? "x86_64" : null;
        if (osDir == null || archDir == null) {
            throw new UnsatisfiedLinkError("lightgbmlib " + LightGbmModelLoader.RUNTIME_VERSION
                    + " has native libraries "
                    + "for Linux, Windows and macOS on x86-64 only, not for " + System.getProperty("os.name") + " on "
                    + System.getProperty("os.arch") + ": serve LightGBM models on an x86-64 machine, or export them to "
                    + "ONNX in Python (onnxmltools' convert_lightgbm) and load them with modelstore-onnx.");
        }
        return osDir + "/" + archDir;
    }

    private static Path extract(String platform, String name, Path directory) {
        String resource = RESOURCES + platform + "/" + name;
        try (InputStream in = lightgbmlib.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new UnsatisfiedLinkError("The lightgbmlib jar on the classpath has no " + resource + ": use "
                        + "com.microsoft.ml.lightgbm:lightgbmlib:" + LightGbmModelLoader.RUNTIME_VERSION
                        + ", the version modelstore-lightgbm is built with.");
            }
            Path target = directory.resolve(name);
            Files.copy(in, target);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot copy LightGBM's native library " + name + " to " + directory + ": " + e.getMessage(), e);
        }
    }

    /** The message of a library that would not link, with what to do where the cause is known. */
    private static UnsatisfiedLinkError explained(UnsatisfiedLinkError e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("libgomp")) {
            UnsatisfiedLinkError explained = new UnsatisfiedLinkError("LightGBM's native library needs the GNU OpenMP "
                    + "runtime (libgomp.so.1), which this machine lacks: install it (Debian and Ubuntu: apt-get install "
                    + "libgomp1; RHEL and Fedora: dnf install libgomp). " + message);
            explained.initCause(e);
            return explained;
        }
        return e;
    }

    /**
     * A library stays mapped once loaded, so its file can go at once; Windows locks a loaded DLL, and there the files
     * are left for the JVM's exit (which may still find them locked: they stay in the temporary directory).
     */
    private static void removeWhenLoaded(Path directory, Path... files) {
        boolean locked = false;
        for (Path file : files) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                locked = true;
            }
        }
        if (locked) {
            directory.toFile().deleteOnExit(); // registered first, so deleted last
            for (Path file : files) {
                file.toFile().deleteOnExit();
            }
            return;
        }
        try {
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            directory.toFile().deleteOnExit();
        }
    }
}
