package io.modelstore;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What a loaded model takes and gives, as its runtime records it: named tensors with an element type and a shape
 * ({@code -1} for a dimension of any size, such as the batch). A tree model that knows only how many features it
 * reads (XGBoost, LightGBM) has one input, {@link #features(int)}. Read with {@link ModelStore#signature(Object)}
 * after a load, or {@link LiveModel#signature()}.
 *
 * @param inputs  in the order the runtime lists them
 * @param outputs in the order the runtime lists them; empty where the runtime does not say
 */
public record ModelSignature(List<Tensor> inputs, List<Tensor> outputs) {

    /** The element type of a tensor whose runtime does not say, or says something this library does not name. */
    public static final String UNKNOWN_TYPE = "unknown";

    /**
     * One input or output.
     *
     * @param type  such as {@code float32}, {@code int64}, {@code string}
     * @param shape the size of each dimension, {@code -1} where any size is taken
     */
    public record Tensor(String name, String type, List<Long> shape) {
        public Tensor {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            shape = List.copyOf(shape);
        }

        /** Such as {@code features: float32[-1, 4]}. */
        @Override
        public String toString() {
            return name + ": " + type + shape.stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"));
        }
    }

    public ModelSignature {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /** The signature of a model that reads {@code count} float features a row and says nothing of its outputs. */
    public static ModelSignature features(int count) {
        return new ModelSignature(List.of(new Tensor("features", "float32", List.of(-1L, (long) count))), List.of());
    }

    /**
     * Whether a model of this signature takes what a model of {@code other} took: the same inputs, names, types and
     * shapes, in the same order. Outputs are not compared: a caller that feeds the model the same rows keeps working.
     */
    public boolean acceptsInputsOf(ModelSignature other) {
        return inputs.equals(other.inputs);
    }

    /** As JSON values: {@code {"inputs": [{"name": ..., "type": ..., "shape": [...]}], "outputs": [...]}}. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("inputs", tensors(inputs));
        map.put("outputs", tensors(outputs));
        return map;
    }

    /** Reads what {@link #toMap()} wrote; throws {@link IllegalArgumentException} for anything else. */
    @SuppressWarnings("unchecked")
    public static ModelSignature fromMap(Map<String, ?> map) {
        try {
            return new ModelSignature(
                    parse((List<Map<String, Object>>) map.get("inputs")),
                    parse((List<Map<String, Object>>) map.get("outputs")));
        } catch (ClassCastException | NullPointerException e) {
            throw new IllegalArgumentException("Not a model signature: " + map, e);
        }
    }

    private static List<Map<String, Object>> tensors(List<Tensor> tensors) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Tensor t : tensors) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("name", t.name());
            map.put("type", t.type());
            map.put("shape", t.shape());
            list.add(map);
        }
        return list;
    }

    private static List<Tensor> parse(List<Map<String, Object>> list) {
        List<Tensor> tensors = new ArrayList<>();
        for (Map<String, Object> t : list) {
            List<Long> shape = ((List<?>) t.get("shape"))
                    .stream().map(d -> ((Number) d).longValue()).toList();
            tensors.add(new Tensor((String) t.get("name"), (String) t.get("type"), shape));
        }
        return tensors;
    }

    /** Such as {@code (features: float32[-1, 4]) -> (score: float32[-1, 1])}. */
    @Override
    public String toString() {
        return inputs.stream().map(Tensor::toString).collect(Collectors.joining(", ", "(", ")")) + " -> "
                + outputs.stream().map(Tensor::toString).collect(Collectors.joining(", ", "(", ")"));
    }
}
