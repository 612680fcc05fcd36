package io.modelstore.aws;

import io.modelstore.spi.StorageException;
import io.modelstore.spi.StorageException.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.RegionMetadata;

/** Checks of bucket names and regions made before any request, because the SDK sends bad ones on and fails obscurely. */
final class S3Names {

    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]*[a-z0-9]");
    private static final Pattern IP = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");
    private static final Pattern REGION_CODE = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");

    private S3Names() {}

    /** Refuses what S3 refuses, with the name to use instead. */
    static String bucket(String bucket) {
        if (bucket == null || bucket.isBlank()) {
            throw invalid(
                    "No S3 bucket was given. Give the bucket's name (the setting 'bucket'), such as 'my-models'.",
                    "bucket");
        }
        String lower = bucket.toLowerCase(Locale.ROOT);
        if (lower.startsWith("s3://")
                || lower.startsWith("s3a://")
                || lower.startsWith("https://")
                || lower.startsWith("http://")
                || bucket.contains("/")) {
            String rest = bucket.replaceFirst("^[A-Za-z0-9]+://", "");
            int slash = rest.indexOf('/');
            String name = slash < 0 ? rest : rest.substring(0, slash);
            String path = slash < 0 ? "" : rest.substring(slash + 1).replaceAll("/+$", "");
            throw invalid(
                    "Invalid S3 bucket name '" + bucket + "': give the bucket's name alone, without "
                            + (bucket.contains("://")
                                    ? "'" + bucket.substring(0, bucket.indexOf("://") + 3) + "' or "
                                    : "")
                            + "a path: '" + name + "'"
                            + (path.isEmpty() ? "." : ", with '" + path + "' as the root prefix."),
                    "bucket");
        }
        String problem = null;
        if (bucket.length() < 3 || bucket.length() > 63) {
            problem = "bucket names are 3 to 63 characters long";
        } else if (!BUCKET.matcher(bucket).matches()) {
            problem =
                    "bucket names use only lowercase letters, digits, '.' and '-', and begin and end with a letter or digit";
        } else if (bucket.contains("..")) {
            problem = "bucket names have no two adjacent '.'";
        } else if (IP.matcher(bucket).matches()) {
            problem = "bucket names are not IP addresses";
        } else if (bucket.startsWith("xn--")
                || bucket.startsWith("sthree-")
                || bucket.endsWith("-s3alias")
                || bucket.endsWith("--ol-s3")
                || bucket.endsWith(".mrap")
                || bucket.endsWith("--x-s3")) {
            problem = "names with the prefixes 'xn--', 'sthree-' or the suffixes '-s3alias', '--ol-s3', '.mrap', "
                    + "'--x-s3' are reserved";
        }
        if (problem != null) {
            String suggestion = lower.replaceAll("[^a-z0-9.-]", "-").replaceAll("^[^a-z0-9]+|[^a-z0-9]+$", "");
            throw invalid(
                    "Invalid S3 bucket name '" + bucket + "': " + problem
                            + (suggestion.length() >= 3
                                            && !suggestion.equals(bucket)
                                            && BUCKET.matcher(suggestion).matches()
                                    ? ". Did you mean '" + suggestion + "'?"
                                    : ". Check the bucket's name in the S3 console."),
                    "bucket");
        }
        return bucket;
    }

    /**
     * Refuses a region given by name ("Frankfurt") or misspelt ("eu-centrl-1"), with the code to use, from the
     * SDK's own region metadata. An unknown code of the right form is let through: it may be newer than the SDK.
     */
    static Region region(String region) {
        String given = region.trim();
        List<Region> known = Region.regions();
        for (Region r : known) {
            if (r.id().equals(given)) {
                return r;
            }
        }
        String lower = given.toLowerCase(Locale.ROOT);
        List<String> byName = new ArrayList<>();
        for (Region r : known) {
            RegionMetadata meta = RegionMetadata.of(r);
            if (meta != null
                    && meta.description() != null
                    && !lower.isEmpty()
                    && meta.description().toLowerCase(Locale.ROOT).contains(lower)) {
                byName.add("'" + r.id() + "' (" + meta.description() + ")");
            }
        }
        if (!byName.isEmpty()) {
            throw invalid(
                    "Invalid AWS region '" + given + "': give the region's code, not its name. Use "
                            + String.join(" or ", byName) + ".",
                    "region");
        }
        String closest = null;
        int best = Integer.MAX_VALUE;
        for (Region r : known) {
            int d = distance(lower, r.id());
            if (d < best) {
                best = d;
                closest = r.id();
            }
        }
        if (REGION_CODE.matcher(given).matches() && best > 2) {
            return Region.of(given);
        }
        throw invalid(
                "Unknown AWS region '" + given + "'"
                        + (best <= 3
                                ? ". Did you mean '" + closest + "'?"
                                : ". Use a region code such as "
                                        + known.stream()
                                                .map(Region::id)
                                                .filter(id -> id.matches("(us|eu)-[a-z]+-1"))
                                                .sorted()
                                                .limit(4)
                                                .map(id -> "'" + id + "'")
                                                .collect(Collectors.joining(", "))
                                        + "."),
                "region");
    }

    private static StorageException invalid(String message, String setting) {
        return new StorageException(Reason.INVALID_SETTINGS, message, setting, null);
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
