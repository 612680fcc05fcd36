package io.modelstore.examples;

import io.modelstore.ModelStore;
import io.modelstore.StoreConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The same service run against any storage by changing only its configuration:
 * <ul>
 *   <li>the environment, with Python modelstore's variables, such as {@code MODEL_STORE_STORAGE=aws-s3} and
 *   {@code MODEL_STORE_AWS_BUCKET=my-models};</li>
 *   <li>or a properties file named by {@code -Dmodelstore.config=store.properties}, holding {@code modelstore.uri}
 *   (such as {@code az://models/fraud}) or {@code modelstore.storage} and its keys.</li>
 * </ul>
 */
public final class ModelServiceExample {

    private ModelServiceExample() {}

    public static void main(String[] args) throws IOException {
        StoreConfig config = configuration();
        System.out.println("storage: " + config);
        try (ModelStore store = ModelStore.open(config);
                WorkDirectory work = new WorkDirectory("model-service-")) {
            new FraudModelService(store).run(work.path, System.out);
        }
    }

    static StoreConfig configuration() throws IOException {
        String file = System.getProperty("modelstore.config");
        if (file == null) {
            return StoreConfig.fromEnvironment();
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            properties.load(in);
        }
        return StoreConfig.fromProperties(properties);
    }
}
