package io.modelstore.pytorch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.modelstore.tck.PythonFixture;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The natives come from Maven, never from the network: a child JVM with no network at all (a network namespace of
 * its own, {@code unshare --net}: a loopback that is down, no route) unpacks them into an empty cache directory, loads both of
 * Python's TorchScript models and predicts torch's outputs. It is given no DJL setting: the loader's defaults do it.
 * Without the natives of its platform, the loader says which dependency to add rather than let DJL download them;
 * where they cannot be unpacked, it names the directory and how to move it.
 */
class NoNetworkTest {

    private static final String ID_OLD = "a3e8bf04-60b8-4a42-a747-e2fccdaf50e7";
    private static final String ID_NEW = "ef73e132-df29-48ee-b817-559147798733";

    @TempDir
    Path tmp;

    @Test
    void aServiceWithNoNetworkUnpacksTheNativesLoadsAndPredicts() throws Exception {
        String refused = unshareRefusal();
        assumeTrue(refused == null, "unshare --net is refused here, so no child can run without a network: " + refused);
        Path store = PythonFixture.copyStore(PythonFixture.RUNTIMES, tmp.resolve("store"));
        Path cache = tmp.resolve("djl-engines");

        List<String> command = new ArrayList<>(List.of("unshare", "--net"));
        command.addAll(java(classpath(), List.of("-DENGINE_CACHE_DIR=" + cache), "predict", store.toString()));
        Result child = run(command);

        assertThat(child.exit).as(child.output).isZero();
        assertThat(child.output)
                .contains("network: interfaces lo; 0 IPv4 routes\n") // a loopback that is down
                .contains("predicted torch's outputs: " + ID_OLD, "predicted torch's outputs: " + ID_NEW)
                .contains("ai.djl.offline=true"); // set by the loader, not by the command line
        try (var unpacked = Files.list(cache.resolve("pytorch"))) {
            assertThat(unpacked.map(d -> d.resolve(System.mapLibraryName("torch_cpu")))
                            .filter(Files::isRegularFile))
                    .as("the natives unpacked into ENGINE_CACHE_DIR on this first start")
                    .hasSize(1);
        }
    }

    @Test
    void withoutTheNativesOfItsPlatformTheLoaderNamesTheDependencyToAdd() throws Exception {
        Path store = PythonFixture.copyStore(PythonFixture.RUNTIMES, tmp.resolve("store"));
        String withoutNatives = Arrays.stream(classpath().split(File.pathSeparator))
                .filter(entry -> !entry.contains("pytorch-native-cpu"))
                .collect(Collectors.joining(File.pathSeparator));
        assertThat(withoutNatives).isNotEqualTo(classpath());

        Result child = run(java(
                withoutNatives,
                List.of("-DENGINE_CACHE_DIR=" + tmp.resolve("empty-cache"), "-Dai.djl.offline=true"),
                "refuse",
                store.toString()));

        assertThat(child.exit).as(child.output).isZero();
        assertThat(child.output)
                .contains("refused: io.modelstore.LoaderNotInstalledException: The model loader of "
                        + "library 'torchscript' is installed (io.modelstore:modelstore-pytorch) but cannot be used: its runtime "
                        + "is missing or broken (java.lang.IllegalStateException: No PyTorch native library for linux-x86_64 is "
                        + "on the classpath, and DJL may not download one (offline mode, ai.djl.offline=true). Add the dependency "
                        + "ai.djl.pytorch:pytorch-native-cpu:2.7.1 with the classifier linux-x86_64 (beside "
                        + "ai.djl.pytorch:pytorch-jni), or set PYTORCH_LIBRARY_PATH to a libtorch directory of that version; "
                        + "-Dai.djl.offline=false lets DJL download it instead.)");
        assertThat(tmp.resolve("empty-cache")).doesNotExist();
    }

    @Test
    void anEngineCacheThatCannotBeWrittenIsNamedWithHowToMoveIt() throws Exception {
        Path store = PythonFixture.copyStore(PythonFixture.RUNTIMES, tmp.resolve("store"));
        Path engines =
                Files.writeString(tmp.resolve("a-file"), "not a directory").resolve("engines");

        Result child = run(java(
                classpath(),
                List.of("-DENGINE_CACHE_DIR=" + engines, "-Dai.djl.offline=true"),
                "refuse",
                store.toString()));

        assertThat(child.exit).as(child.output).isZero();
        assertThat(child.output)
                .contains("refused: io.modelstore.LoaderNotInstalledException: The model loader of "
                        + "library 'torchscript' is installed (io.modelstore:modelstore-pytorch) but cannot be used: its runtime "
                        + "is missing or broken (java.lang.IllegalStateException: PyTorch (DJL 0.36.0) cannot start: "
                        + "ai.djl.engine.EngineException: Failed to extract PyTorch native library (java.nio.file.")
                .contains(". DJL unpacks the natives (about 430 MB) into " + engines.resolve("pytorch") + " on a first "
                        + "start: that directory must be writable and have room; set ENGINE_CACHE_DIR (or DJL_CACHE_DIR) "
                        + "to move it.)");
    }

    /** Why {@code unshare --net} cannot run here, or null when it can. */
    private static String unshareRefusal() throws InterruptedException {
        try {
            Result probe = run(List.of("unshare", "--net", "true"));
            return probe.exit == 0 ? null : "exit " + probe.exit + ": " + probe.output.strip();
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static String classpath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    /** A JVM running {@link NoNetworkChild} with {@code childArguments}. */
    private static List<String> java(String classpath, List<String> jvmOptions, String... childArguments) {
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classpath));
        String shared = System.getProperty("modelstore.shared.dir");
        if (shared != null) {
            command.add("-Dmodelstore.shared.dir=" + shared);
        }
        command.addAll(jvmOptions);
        command.add(NoNetworkChild.class.getName());
        command.addAll(Arrays.asList(childArguments));
        return command;
    }

    private record Result(int exit, String output) {}

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes(); // until the child exits
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
