package io.modelstore.testbackend;

/** Stands in for a backend's SDK: the isolating class loader in BackendsTest hides it, as if its jar were absent. */
public final class FakeSdkClient {
    private FakeSdkClient() {}

    public static String ping() {
        return "pong";
    }
}
