package io.modelstore.aws;

/** Loads the SDK classes the backend needs, so that a missing or broken SDK is reported when the backend is looked up. */
final class SdkCheck {

    private SdkCheck() {}

    static void load() {
        for (String name : new String[] {
            "software.amazon.awssdk.services.s3.S3Client",
            "software.amazon.awssdk.http.apache5.Apache5HttpClient",
            "software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider"
        }) {
            try {
                Class.forName(name, false, SdkCheck.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new NoClassDefFoundError(name.replace('.', '/'));
            }
        }
    }
}
