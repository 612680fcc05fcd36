package io.modelstore.tck;

import io.modelstore.LiveModel;
import io.modelstore.ModelMetadata;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** What a {@link LiveModel} tells its listeners of failed refreshes and refused versions, collected for a test. */
public final class LiveModelFailures {

    private LiveModelFailures() {}

    /** The failures {@code live} reports from now on, in order; safe to read while its poller adds to it. */
    public static List<Exception> of(LiveModel<?> live) {
        List<Exception> failures = new CopyOnWriteArrayList<>();
        live.onChange(new LiveModel.Listener() {
            @Override
            public void changed(ModelMetadata previous, ModelMetadata current) {}

            @Override
            public void failed(Exception cause) {
                failures.add(cause);
            }
        });
        return failures;
    }
}
