package io.modelstore.tensorflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelstore.ModelSignature;
import io.modelstore.ModelSignature.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;

/** The serving signature of a SavedModel: which one, its tensors by name, TensorFlow's types and shapes. */
class ServingSignaturesTest {

    /** The signature TF 2's SavedModels add, which names the op run at load: no caller runs it. */
    private static final String INIT_OP = "__saved_model_init_op";

    @TempDir
    Path tmp;

    @BeforeEach
    void runtime() {
        TensorFlowRuntime.assumeAvailable();
    }

    /**
     * Exports a graph under each of {@code keys}, and loads it back: {@code serving_default} takes three inputs
     * ({@code ids: int64[-1, -1]}, {@code amount: float64[-1]}, {@code note: string[]}), the others no {@code note}.
     */
    private SavedModelBundle exported(String... keys) throws Exception {
        Path dir = tmp.resolve(String.join("-", keys));
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            Placeholder<TInt64> ids = tf.withName("ids").placeholder(TInt64.class, Placeholder.shape(Shape.of(-1, -1)));
            Placeholder<TFloat64> amount =
                    tf.withName("amount").placeholder(TFloat64.class, Placeholder.shape(Shape.of(-1)));
            Placeholder<TString> note =
                    tf.withName("note").placeholder(TString.class, Placeholder.shape(Shape.scalar()));
            Operand<TFloat64> doubled = tf.withName("doubled").math.mul(amount, tf.constant(2.0));
            try (Session session = new Session(graph)) {
                List<SessionFunction> functions = new ArrayList<>();
                for (String key : keys) {
                    if (key.equals(INIT_OP)) { // as TF 2 writes it: one output, the op run once loaded
                        functions.add(SessionFunction.create(
                                Signature.builder()
                                        .key(key)
                                        .output(key, tf.withName("init").constant(0))
                                        .build(),
                                session));
                        continue;
                    }
                    Signature.Builder signature = Signature.builder().key(key);
                    if (key.equals(Signature.DEFAULT_KEY)) {
                        signature.input("note", note);
                    }
                    // Added in another order than the names', which is the order they are read back in.
                    functions.add(SessionFunction.create(
                            signature
                                    .input("ids", ids)
                                    .input("amount", amount)
                                    .output("total", doubled)
                                    .output("echo", tf.identity(ids))
                                    .build(),
                            session));
                }
                SavedModelBundle.exporter(dir.toString())
                        .withFunctions(functions.toArray(SessionFunction[]::new))
                        .export();
            }
        }
        return SavedModelBundle.load(dir.toString(), SavedModelBundle.DEFAULT_TAG);
    }

    private static final ModelSignature THREE_INPUTS = new ModelSignature(
            List.of(
                    new Tensor("amount", "float64", List.of(-1L)),
                    new Tensor("ids", "int64", List.of(-1L, -1L)),
                    new Tensor("note", "string", List.of())),
            List.of(new Tensor("echo", "int64", List.of(-1L, -1L)), new Tensor("total", "float64", List.of(-1L))));

    @Test
    void theServingDefaultSignatureGivesTheTensorsByNameWithTensorFlowsTypesAndFreeDimensions() throws Exception {
        try (SavedModelBundle bundle = exported("by_amount", Signature.DEFAULT_KEY)) {
            assertThat(new TensorFlowModelLoader().signature(bundle)).contains(THREE_INPUTS);
        }
    }

    @Test
    void aModelWithOneSignatureOfAnotherNameGivesThatOne() throws Exception {
        try (SavedModelBundle bundle = exported("predict", INIT_OP)) {
            assertThat(new TensorFlowModelLoader().signature(bundle))
                    .contains(new ModelSignature(THREE_INPUTS.inputs().subList(0, 2), THREE_INPUTS.outputs()));
        }
    }

    @Test
    void severalSignaturesWithoutServingDefaultGiveNone() throws Exception {
        try (SavedModelBundle bundle = exported("predict", "explain")) {
            assertThat(new TensorFlowModelLoader().signature(bundle)).isEmpty();
        }
    }

    @Test
    void anUnknownRankHasNoDimensionsAndAFreeDimensionIsMinusOne() {
        TensorShapeProto unknownRank =
                TensorShapeProto.newBuilder().setUnknownRank(true).build();
        TensorShapeProto batchOf3 = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dim.newBuilder().setSize(-1))
                .addDim(TensorShapeProto.Dim.newBuilder().setSize(3))
                .build();

        assertThat(ServingSignatures.shape(unknownRank)).isEmpty();
        assertThat(ServingSignatures.shape(batchOf3)).containsExactly(-1L, 3L);
    }

    @Test
    void typesAreNamedAsOnnxNamesThem() {
        assertThat(ServingSignatures.type(DataType.DT_FLOAT)).isEqualTo("float32");
        assertThat(ServingSignatures.type(DataType.DT_DOUBLE)).isEqualTo("float64");
        assertThat(ServingSignatures.type(DataType.DT_HALF)).isEqualTo("float16");
        assertThat(ServingSignatures.type(DataType.DT_BFLOAT16)).isEqualTo("bfloat16");
        assertThat(ServingSignatures.type(DataType.DT_INT32)).isEqualTo("int32");
        assertThat(ServingSignatures.type(DataType.DT_UINT8)).isEqualTo("uint8");
        assertThat(ServingSignatures.type(DataType.DT_BOOL)).isEqualTo("bool");
        assertThat(ServingSignatures.type(DataType.DT_STRING)).isEqualTo("string");
        assertThat(ServingSignatures.type(DataType.DT_INVALID)).isEqualTo(ModelSignature.UNKNOWN_TYPE);
    }
}
