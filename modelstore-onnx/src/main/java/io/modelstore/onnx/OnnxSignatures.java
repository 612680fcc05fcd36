package io.modelstore.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.modelstore.ModelSignature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A session's inputs and outputs as a {@link ModelSignature}: ONNX Runtime gives -1 for a symbolic dimension. */
final class OnnxSignatures {

    private OnnxSignatures() {}

    static ModelSignature of(Object session) throws OrtException {
        OrtSession s = (OrtSession) session;
        return new ModelSignature(tensors(s.getInputInfo()), tensors(s.getOutputInfo()));
    }

    private static List<ModelSignature.Tensor> tensors(Map<String, NodeInfo> nodes) {
        List<ModelSignature.Tensor> tensors = new ArrayList<>();
        for (NodeInfo node : nodes.values()) {
            if (node.getInfo() instanceof TensorInfo tensor) {
                tensors.add(new ModelSignature.Tensor(
                        node.getName(),
                        type(tensor),
                        Arrays.stream(tensor.getShape()).boxed().toList()));
            } else {
                tensors.add(new ModelSignature.Tensor(
                        node.getName(),
                        node.getInfo()
                                .getClass()
                                .getSimpleName()
                                .replace("Info", "")
                                .toLowerCase(Locale.ROOT),
                        List.of()));
            }
        }
        return tensors;
    }

    private static String type(TensorInfo tensor) {
        return switch (tensor.type) {
            case FLOAT -> "float32";
            case DOUBLE -> "float64";
            case FLOAT16 -> "float16";
            case BFLOAT16 -> "bfloat16";
            default -> tensor.type.name().toLowerCase(Locale.ROOT); // int64, int32, uint8, bool, string, ...
        };
    }
}
