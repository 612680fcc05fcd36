package io.modelstore.testbackend;

import io.modelstore.ModelLoader;
import io.modelstore.ModelMetadata;
import java.nio.file.Path;

/** A loader of library {@code onnx} whose runtime (FakeSdkClient) is touched only in checkAvailable(). */
public final class RuntimeUsingLoader implements ModelLoader {

    @Override
    public String library() {
        return "onnx";
    }

    @Override
    public String typeName() {
        return "io.modelstore.testbackend.FakeSdkClient";
    }

    @Override
    public void checkAvailable() {
        FakeSdkClient.ping();
    }

    @Override
    public Object load(Path modelDirectory, ModelMetadata metadata) {
        throw new UnsupportedOperationException("test loader");
    }
}
