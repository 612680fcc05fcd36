package io.modelstore.tensorflow;

import io.modelstore.ModelSignature;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Signature;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

/** A SavedModel's serving signature as a {@link ModelSignature}, read from its {@code SignatureDef}s. */
final class ServingSignatures {

    private ServingSignatures() {}

    /** {@code serving_default}, else the only signature a caller can run; empty when there is no telling which. */
    static Optional<ModelSignature> of(Object bundle) {
        Map<String, SignatureDef> all =
                ((SavedModelBundle) bundle).metaGraphDef().getSignatureDefMap();
        SignatureDef serving = all.get(Signature.DEFAULT_KEY);
        if (serving == null) {
            // TF 2 adds "__saved_model_init_op" (outputs only, run at load): not one a caller runs.
            List<SignatureDef> callable = all.entrySet().stream()
                    .filter(e -> !e.getKey().startsWith("__"))
                    .map(Map.Entry::getValue)
                    .toList();
            if (callable.size() != 1) {
                return Optional.empty();
            }
            serving = callable.get(0);
        }
        return Optional.of(new ModelSignature(tensors(serving.getInputsMap()), tensors(serving.getOutputsMap())));
    }

    /** By name: a SignatureDef's inputs and outputs are maps, so their order on the wire means nothing. */
    private static List<ModelSignature.Tensor> tensors(Map<String, TensorInfo> infos) {
        List<ModelSignature.Tensor> tensors = new ArrayList<>();
        new TreeMap<>(infos)
                .forEach((name, info) -> tensors.add(
                        new ModelSignature.Tensor(name, type(info.getDtype()), shape(info.getTensorShape()))));
        return tensors;
    }

    /** -1 stays -1 (a free dimension); an unknown rank has no dimensions to list, as a scalar has none. */
    static List<Long> shape(TensorShapeProto shape) {
        return shape.getDimList().stream().map(TensorShapeProto.Dim::getSize).toList();
    }

    /** The names ONNX's signatures use too ({@code float32}, {@code int64}, {@code string}, ...). */
    static String type(DataType type) {
        return switch (type) {
            case DT_FLOAT -> "float32";
            case DT_DOUBLE -> "float64";
            case DT_HALF -> "float16";
            case DT_INVALID, UNRECOGNIZED -> ModelSignature.UNKNOWN_TYPE;
            default -> type.name().substring("DT_".length()).toLowerCase(Locale.ROOT); // int64, bool, bfloat16, ...
        };
    }
}
