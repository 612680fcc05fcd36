package io.modelstore.benchmarks;

import io.modelstore.ModelStore;
import io.modelstore.local.FileSystemStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** JMH: the small operations on a local store of 1,000 models. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SmallOperations {

    private Path dir;
    private ModelStore store;

    @Setup(Level.Trial)
    public void populate() throws Exception {
        dir = Files.createTempDirectory("modelstore-jmh-");
        FileSystemStorage storage = new FileSystemStorage(dir, true);
        ListingBenchmark.populate(storage, 1000);
        store = ModelStore.fromStorage(storage);
    }

    @TearDown(Level.Trial)
    public void clean() throws Exception {
        store.close();
        Benchmarks.deleteTree(dir);
    }

    @Benchmark
    public List<String> listModelsOf1000() {
        return store.listModels("bench");
    }

    @Benchmark
    public Object getModelInfo() {
        return store.getModelInfo("bench", "m000500");
    }

    @Benchmark
    public boolean modelExists() {
        return store.modelExists("bench", "m000500");
    }

    @Benchmark
    public List<String> listDomainsOf101() {
        return store.listDomains();
    }
}
