package io.modelstore.pytorch;

import io.modelstore.ModelMetadata;
import io.modelstore.ModelNotLoadableException;
import io.modelstore.TorchFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Which of a model's files is the TorchScript archive to load, judged by content, or why none is. */
final class TorchScriptFiles {

    /** The name Python's upload keeps ({@code upload(domain, model="model.pt")}). */
    static final String PREFERRED = "model.pt";

    private TorchScriptFiles() {}

    /**
     * {@code model.pt} if it is TorchScript, else the one TorchScript file of the model.
     *
     * @throws ModelNotLoadableException when there is none (a torch.save pickle, say, with what to do), or several
     */
    static Path modelFile(Path modelDirectory, ModelMetadata model) throws IOException {
        List<Path> scripts = TorchFormat.TORCHSCRIPT.filesIn(modelDirectory);
        Path preferred = modelDirectory.resolve(PREFERRED);
        if (scripts.contains(preferred)) {
            return preferred;
        }
        if (scripts.size() == 1) {
            return scripts.get(0);
        }
        String subject = "Model '" + model.modelId() + "' of domain '" + model.domain() + "' (library '"
                + model.library() + "')";
        if (scripts.size() > 1) {
            throw new ModelNotLoadableException(
                    subject + " holds " + scripts.size() + " TorchScript files (" + names(scripts)
                            + ") and none is named " + PREFERRED + ": name the one to load " + PREFERRED
                            + ", or upload it alone.",
                    null);
        }
        List<Path> pickles = TorchFormat.PICKLE.filesIn(modelDirectory);
        if (!pickles.isEmpty()) {
            throw new ModelNotLoadableException(
                    subject + " holds no TorchScript: " + names(pickles)
                            + (pickles.size() == 1 ? " is a torch.save pickle" : " are torch.save pickles")
                            + ", which no JVM runtime reads. " + capitalized(TorchFormat.PICKLE_ADVICE) + ".",
                    null);
        }
        throw new ModelNotLoadableException(
                subject + " holds no TorchScript file (what torch.jit.save writes: a zip "
                        + "with the module's code/ and constants.pkl). Save the model with torch.jit.trace or torch.jit.script "
                        + "and upload the file torch.jit.save wrote.",
                null);
    }

    private static String names(List<Path> files) {
        return files.stream().map(f -> f.getFileName().toString()).collect(Collectors.joining(", "));
    }

    private static String capitalized(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
