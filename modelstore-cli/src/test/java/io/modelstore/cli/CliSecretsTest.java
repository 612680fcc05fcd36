package io.modelstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No secret written into {@code --store}, in any form, reaches stdout or stderr: not in errors, doctor, or stack traces. */
class CliSecretsTest {

    private static final String SECRET = "S3cr3t";

    @TempDir
    Path tmp;

    record Result(int exit, String out, String err) {}

    @Test
    void aSecretInTheStoreUriIsNeverPrinted() {
        List<String> stores = List.of(
                "minio://access:S3cr3t/x@host:9000/bucket",
                "s3://AKIA:S3cr3t/x@bucket/p",
                "gs://u:S3cr3t/q@b/p",
                "s3://AKIA:S3cr3t?x@bucket/p",
                "az://u:S3cr3t#x@container",
                "file://u:S3cr3t@host/x",
                "s3:/bucket?secret=S3cr3t",
                "s3:AKIA:S3cr3t@bucket",
                "gs:b/p?x=S3cr3t",
                "s3://bucket/p?x=S3cr3t",
                "s3://bucket?sig=S3cr3t",
                "az://container?sas_token=S3cr3t",
                tmp + "/store?key=S3cr3t",
                tmp + "/store?x=S3cr3t&create=true");
        for (String store : stores) {
            for (List<String> command : List.of(
                    List.of("doctor"),
                    List.of("doctor", "--json"),
                    List.of("domains"),
                    List.of("--verbose", "models", "d"))) {
                List<String> args = new ArrayList<>(List.of("--store", store));
                args.addAll(command);
                Result result = run(args.toArray(String[]::new));
                assertThat(result.exit()).as(args + ": " + result.err()).isEqualTo(ModelStoreCli.USAGE);
                assertThat(result.out() + result.err())
                        .as(String.valueOf(args))
                        .isNotBlank()
                        .doesNotContain(SECRET);
            }
        }
    }

    /** Runs the command line in this JVM, with what it prints. */
    static Result run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
            int exit = ModelStoreCli.run(args);
            return new Result(exit, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
