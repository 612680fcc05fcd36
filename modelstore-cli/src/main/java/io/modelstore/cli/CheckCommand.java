package io.modelstore.cli;

import io.modelstore.CheckReport;
import io.modelstore.ModelStore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code modelstore check [--repair]}: what crashes and interrupted operations left in the store. */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        description = {
            "Find what crashes and interrupted operations left behind: archives no model names, a pointer not on "
                    + "the newest model, state entries of models that are gone, unfinished writes. With --repair, remove or "
                    + "fix them. Only what is older than the grace period counts; unreadable metadata is only reported.",
            "Exit code: 0 when the store is healthy afterwards, 1 when something is left to do."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  modelstore check",
            "  modelstore check --repair",
            "  modelstore --store s3://my-models check --repair --grace 2h --json"
        })
final class CheckCommand implements Callable<Integer> {

    private static final Pattern SHORT = Pattern.compile("(\\d+)([smhd])");

    @ParentCommand
    ModelStoreCli root;

    @Mixin
    ModelStoreCli.JsonOption output;

    @Option(names = "--repair", description = "Remove or fix what is found.")
    boolean repair;

    @Option(
            names = "--grace",
            paramLabel = "DURATION",
            defaultValue = "1h",
            converter = GraceConverter.class,
            description =
                    "Leave alone what is younger than this, as operations may still be running: 30m, 1h, 2d, or ISO-8601 "
                            + "such as PT1H (default: ${DEFAULT-VALUE}).")
    Duration grace;

    @Override
    public Integer call() throws Exception {
        CheckReport report;
        try (ModelStore store = root.open()) {
            report = store.check(repair, grace);
        }
        if (output.json) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("repair", report.repair());
            json.put("healthy", report.healthy());
            json.put(
                    "findings",
                    report.findings().stream()
                            .map(f -> {
                                Map<String, Object> finding = new LinkedHashMap<>();
                                finding.put("kind", f.kind().name().toLowerCase(Locale.ROOT));
                                finding.put("location", f.location());
                                finding.put("detail", f.detail());
                                finding.put("repaired", f.repaired());
                                return finding;
                            })
                            .toList());
            ModelStoreCli.printJson(json);
        } else {
            List<CheckReport.Finding> findings = report.findings();
            findings.forEach(System.out::println);
            long repaired =
                    findings.stream().filter(CheckReport.Finding::repaired).count();
            System.err.println(
                    findings.isEmpty()
                            ? "The store is healthy: nothing to repair."
                            : findings.size() + " found, " + repaired + " repaired."
                                    + (report.healthy()
                                            ? ""
                                            : repair
                                                    ? " What is left needs a person: see each line."
                                                    : " Run again with --repair to fix them."));
        }
        return report.healthy() ? ModelStoreCli.OK : ModelStoreCli.FAILED;
    }

    /** Parses 30m, 1h, 2d, 0, or ISO-8601. */
    static final class GraceConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String text = value.trim().toLowerCase(Locale.ROOT);
            if (text.equals("0")) {
                return Duration.ZERO;
            }
            Matcher m = SHORT.matcher(text);
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            try {
                return Duration.parse(value.trim().toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                throw new CommandLine.TypeConversionException(
                        "'" + value + "' is not a duration: use 30m, 1h, 2d or PT1H");
            }
        }
    }
}
