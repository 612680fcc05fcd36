package io.modelstore.pytorch;

import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.ZooModel;
import com.fasterxml.jackson.databind.JsonNode;
import io.modelstore.ModelStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A service's first start, in a child JVM of {@link NoNetworkTest}: says which network it has, loads each TorchScript
 * model of a copy of Python's store and checks its predictions against torch's ({@code predict <store>}); or loads the
 * latest and prints why it cannot ({@code refuse <store>}).
 */
public final class NoNetworkChild {

    private NoNetworkChild() {}

    public static void main(String[] args) throws Exception {
        System.out.println("network: " + network());
        try (ModelStore store = ModelStore.fromFileSystem(Path.of(args[1]))) {
            if (args[0].equals("refuse")) {
                try {
                    store.load(Torch.DOMAIN, null);
                    System.out.println("loaded");
                } catch (RuntimeException e) {
                    System.out.println("refused: " + e.getClass().getName() + ": " + e.getMessage());
                }
                return;
            }
            for (JsonNode expected : Torch.models(Torch.DOMAIN)) {
                String id = expected.path("model_id").asText();
                @SuppressWarnings("unchecked")
                ZooModel<NDList, NDList> model = store.load(Torch.DOMAIN, id, ZooModel.class);
                try (model) {
                    Torch.assertPredictsTorchsOutputs(model, id); // throws (exit 1) past 1e-5
                }
                System.out.println("predicted torch's outputs: " + id);
            }
        }
        System.out.println("ai.djl.offline=" + System.getProperty("ai.djl.offline"));
    }

    /**
     * The interfaces and the routes of this process's network namespace, as the kernel lists them for it (not
     * /sys/class/net, which shows the namespace that mounted /sys).
     */
    private static String network() throws java.io.IOException {
        List<String> interfaces = Files.readAllLines(Path.of("/proc/self/net/dev")).stream()
                .skip(2)
                .map(line -> line.substring(0, line.indexOf(':')).strip())
                .sorted()
                .collect(Collectors.toList());
        long routes = Files.readAllLines(Path.of("/proc/self/net/route")).stream()
                .skip(1)
                .count();
        return "interfaces " + String.join(", ", interfaces) + "; " + routes + " IPv4 routes";
    }
}
