/**
 * The {@code aws-s3} and {@code minio} backends, on the AWS SDK for Java 2.
 *
 * <p>The SDK's jars have no module descriptors but declare their module names (Automatic-Module-Name), as AWS
 * documents for the module path: these names are stable, and requiring them is what the pom's lint exclusion is for.
 * The SDK finds its other jars itself (the HTTP client's services file; STS and SSO for profile credentials, which
 * the module path resolves with the other automatic modules).
 */
module io.modelstore.aws {
    // S3Storage is a Storage.
    requires transitive io.modelstore;
    // S3Storage.Builder.credentialsProvider takes an AwsCredentialsProvider.
    requires transitive software.amazon.awssdk.auth;
    // Automatic modules declare no requires of their own: each SDK module whose types this one names is listed.
    requires software.amazon.awssdk.awscore;
    requires software.amazon.awssdk.core;
    requires software.amazon.awssdk.http;
    requires software.amazon.awssdk.http.apache5;
    requires software.amazon.awssdk.regions;
    requires software.amazon.awssdk.services.s3;

    // S3Storage, for ModelStore.builder(S3Storage.builder()...build()).
    exports io.modelstore.aws;

    // As META-INF/services/io.modelstore.spi.StorageProvider says, for the class path.
    provides io.modelstore.spi.StorageProvider with
            io.modelstore.aws.S3StorageProvider,
            io.modelstore.aws.MinioStorageProvider;
}
