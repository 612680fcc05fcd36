package io.modelstore.spring;

import io.modelstore.LiveModel;
import io.modelstore.ModelRefusedException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The followed models ({@code modelstore.follow.<name>}) and what each serves. Always UP while they serve: a version
 * that was refused (other inputs, a failed check) is named with why in the details, and the old model goes on serving.
 */
public class FollowedModelsHealthIndicator implements HealthIndicator {

    private final ListableBeanFactory beans;

    /**
     * Reports the live models of {@code beans}.
     *
     * @param beans where the {@code LiveModel} beans are found
     */
    public FollowedModelsHealthIndicator(ListableBeanFactory beans) {
        this.beans = beans;
    }

    @Override
    public Health health() {
        Map<String, Object> details = new TreeMap<>();
        beans.getBeansOfType(LiveModel.class, false, false).forEach((name, live) -> details.put(name, describe(live)));
        return Health.up().withDetails(details).build();
    }

    private static Map<String, Object> describe(LiveModel<?> live) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("domain", live.current().domain());
        model.put("serving", live.current().modelId());
        live.refusal().ifPresent((ModelRefusedException refusal) -> {
            model.put("refused", refusal.refused().modelId());
            model.put("why", refusal.getMessage());
        });
        return model;
    }
}
