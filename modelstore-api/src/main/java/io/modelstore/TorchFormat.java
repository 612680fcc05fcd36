package io.modelstore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * What a file PyTorch saved is, judged by its content, not its name (both kinds are usually called {@code model.pt}).
 * A TorchScript archive ({@code torch.jit.save} of a traced or scripted module) is a zip whose entries include
 * {@code <name>/code/...} (the module's code) and {@code <name>/constants.pkl}; a JVM runtime can run it. A
 * {@code torch.save} pickle is a zip with {@code <name>/data.pkl} and no code (torch 1.6 and later), or a bare pickle
 * that opens with torch's magic number (earlier, or {@code _use_new_zipfile_serialization=False}); it needs Python's
 * classes to be read, which no JVM runtime has.
 */
public enum TorchFormat {

    /** A TorchScript archive. */
    TORCHSCRIPT,

    /** A {@code torch.save} pickle. */
    PICKLE;

    private static final byte[] ZIP = {'P', 'K', 3, 4};
    // torch.save's legacy format opens with a pickle (PROTO n, LONG1 of 10 bytes) of its magic number
    // 0x1950a86a20f9469cfc6c.
    private static final byte[] LEGACY_MAGIC = {
        (byte) 0x8a, 10, 0x6c, (byte) 0xfc, (byte) 0x9c, 0x46, (byte) 0xf9, 0x20, 0x6a, (byte) 0xa8, 0x50, 0x19
    };

    /** What to do with a pickle instead, in Python: the end of a refusal's message. */
    public static final String PICKLE_ADVICE = "in Python, save the model with torch.jit.trace or torch.jit.script "
            + "(torch.jit.save) and upload that file (upload(domain, model=\"model.pt\")), to load it with "
            + "modelstore-pytorch, or export it with torch.onnx.export and upload that";

    /** What {@code file} holds; empty when it is neither kind (not a file PyTorch saved, or not a regular file). */
    public static Optional<TorchFormat> of(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(2 + LEGACY_MAGIC.length);
        }
        if (startsWith(head, ZIP)) {
            return ofZip(file);
        }
        boolean legacyPickle = head.length == 2 + LEGACY_MAGIC.length
                && (head[0] & 0xff) == 0x80
                && Arrays.equals(Arrays.copyOfRange(head, 2, head.length), LEGACY_MAGIC);
        return legacyPickle ? Optional.of(PICKLE) : Optional.empty();
    }

    /** The regular files at the top of a model's directory (not under {@code extras/}) that are of this kind, by name. */
    public List<Path> filesIn(Path modelDirectory) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(modelDirectory)) {
            files = list.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        }
        List<Path> matching = new java.util.ArrayList<>();
        for (Path file : files) {
            if (of(file).orElse(null) == this) {
                matching.add(file);
            }
        }
        return matching;
    }

    private static Optional<TorchFormat> ofZip(Path file) throws IOException {
        Set<String> roots = new HashSet<>(); // the top directories that hold constants.pkl
        Set<String> withCode = new HashSet<>();
        boolean dataPkl = false;
        try (ZipFile zip = new ZipFile(file.toFile())) { // reads the central directory only, not the tensors
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName();
                int slash = name.indexOf('/');
                if (slash <= 0) {
                    continue;
                }
                String root = name.substring(0, slash);
                String rest = name.substring(slash + 1);
                if (rest.equals("constants.pkl")) {
                    roots.add(root);
                } else if (rest.startsWith("code/") && rest.length() > "code/".length()) {
                    withCode.add(root);
                } else if (rest.equals("data.pkl")) {
                    dataPkl = true;
                }
            }
        } catch (ZipException e) {
            return Optional.empty(); // opens like a zip but is not one
        }
        roots.retainAll(withCode);
        if (!roots.isEmpty()) {
            return Optional.of(TORCHSCRIPT);
        }
        return dataPkl ? Optional.of(PICKLE) : Optional.empty();
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(Arrays.copyOf(bytes, prefix.length), prefix);
    }
}
