package io.modelstore.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The whole harness at toy sizes, so that the benchmarks keep working between runs of benchmarks/run. */
class BenchmarksSmokeTest {

    @Test
    void everyBenchmarkRunsAndReportsItsTable() throws Exception {
        System.setProperty("size.mib", "4");
        System.setProperty("listing.models", "50");
        System.setProperty("writers", "2");
        System.setProperty("writers.models", "3");
        System.setProperty("memory.mib", "8");
        System.setProperty("small.models", "20");
        System.setProperty("small.s3.models", "10");
        System.setProperty("lightgbm.cold", "1");
        System.setProperty("lightgbm.warm", "2");
        System.setProperty("lightgbm.iterations", "10");
        System.setProperty("lightgbm.rows", "400");
        PrintStream out = System.out;
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        System.setOut(new PrintStream(report, true, StandardCharsets.UTF_8));
        try {
            Benchmarks.main(new String[] {"all"});
        } finally {
            System.setOut(out);
        }
        String text = report.toString(StandardCharsets.UTF_8);
        out.print(text);
        assertThat(text)
                .contains("### Upload then download of a 4 MiB model")
                .contains("| S3 (S3Proxy) | incompressible |")
                .contains("| Azure (Azurite) | compressible |")
                .contains("| GCS (JSON API server) | compressible |")
                .contains("| local | 50 | listModels | ")
                .contains("| 2 writers uploading 3 models".substring(4))
                .contains("| local | 6 | 6 | 0 | yes |")
                .contains("| 0 GiB (incompressible) | -Xmx256m | yes |")
                .contains("| local | modelstore-java | 20 |")
                .contains("| S3 (S3Proxy) | modelstore-java | 10 |")
                .contains("### LightGBM: load and predict (10 trees of 31 leaves")
                .contains("| cold first prediction (1 row) |");
    }
}
