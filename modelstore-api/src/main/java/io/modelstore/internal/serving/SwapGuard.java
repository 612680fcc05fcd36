package io.modelstore.internal.serving;

import io.modelstore.FollowOptions;
import io.modelstore.LiveModel;
import io.modelstore.ModelMetadata;
import io.modelstore.ModelRefusedException;
import io.modelstore.ModelSignature;
import java.util.Optional;
import java.util.function.Function;

/**
 * Decides whether a newly loaded version may replace the one a {@link LiveModel} serves, as its
 * {@link FollowOptions} say: not when its inputs differ (both signatures known) unless changes are accepted, and not
 * when the application's check throws.
 */
public final class SwapGuard<T> {

    private final FollowOptions<? super T> options;
    private final Function<Object, Optional<ModelSignature>> signatures;
    private final String followed;

    public SwapGuard(
            FollowOptions<? super T> options, Function<Object, Optional<ModelSignature>> signatures, String followed) {
        this.options = options;
        this.signatures = signatures;
        this.followed = followed;
    }

    /**
     * Admits {@code model} (version {@code candidate}) to replace {@code serving} (null: nothing serves yet), and
     * returns its signature.
     *
     * @throws ModelRefusedException when it may not; the caller still owns the model and frees it
     */
    public Optional<ModelSignature> admit(
            ModelMetadata candidate, T model, ModelMetadata serving, Optional<ModelSignature> servingSignature) {
        Optional<ModelSignature> signature = signatures.apply(model);
        if (serving != null
                && !options.acceptsSignatureChanges()
                && signature.isPresent()
                && servingSignature.isPresent()
                && !signature.get().acceptsInputsOf(servingSignature.get())) {
            throw new ModelRefusedException(
                    candidate,
                    signature.get(),
                    "Model '" + candidate.modelId() + "' of "
                            + followed + " was not swapped in: its inputs " + inputs(signature.get())
                            + " differ from those of model '"
                            + serving.modelId() + "', which goes on serving: " + inputs(servingSignature.get())
                            + ". Callers built "
                            + "for the old inputs would fail. Move the state to a model with the same inputs, or follow with "
                            + "FollowOptions.acceptSignatureChanges(true) (modelstore.follow.<name>.accept-signature-changes=true) "
                            + "to swap it in all the same.",
                    null);
        }
        Optional<? extends FollowOptions.Check<? super T>> check = options.check();
        if (check.isPresent()) {
            try {
                check.get().check(model, candidate);
            } catch (Exception | LinkageError | AssertionError e) {
                throw new ModelRefusedException(
                        candidate,
                        signature.orElse(null),
                        "Model '" + candidate.modelId() + "' of "
                                + followed + " failed the application's check before the swap (" + e + ")"
                                + (serving == null ? "." : ", so model '" + serving.modelId() + "' goes on serving.")
                                + " Fix the model and move the state to it, or fix the check.",
                        e);
            }
        }
        return signature;
    }

    private static String inputs(ModelSignature signature) {
        return signature.toString().substring(0, signature.toString().indexOf(" -> "));
    }
}
