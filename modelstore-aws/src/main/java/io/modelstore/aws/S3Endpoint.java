package io.modelstore.aws;

import java.util.Map;

/**
 * The endpoint the AWS SDK takes itself when a store gives none, and where it found it: S3's system property, any
 * service's, then S3's environment variable and any service's, in the SDK's order.
 *
 * @param origin such as {@code AWS_ENDPOINT_URL_S3} or {@code the system property aws.endpointUrl}
 */
record S3Endpoint(String value, String origin) {

    /** The endpoint the SDK would take from the system properties or {@code env}; null when there is none (AWS's own). */
    static S3Endpoint configured(Map<String, String> env) {
        String[][] sources = {
            {"aws.endpointUrlS3", System.getProperty("aws.endpointUrlS3")},
            {"aws.endpointUrl", System.getProperty("aws.endpointUrl")},
            {"AWS_ENDPOINT_URL_S3", env.get("AWS_ENDPOINT_URL_S3")},
            {"AWS_ENDPOINT_URL", env.get("AWS_ENDPOINT_URL")}
        };
        for (String[] source : sources) {
            if (source[1] != null && !source[1].isBlank()) {
                return new S3Endpoint(
                        source[1].trim(), (source[0].startsWith("aws.") ? "the system property " : "") + source[0]);
            }
        }
        return null;
    }
}
