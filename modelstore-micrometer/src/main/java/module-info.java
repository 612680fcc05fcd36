/** Micrometer meters for a store's storage requests, its cache and its live models. */
module io.modelstore.micrometer {
    requires transitive io.modelstore;
    // The meters' constructors take a MeterRegistry. Micrometer's jar has no descriptor but declares its module name
    // (Automatic-Module-Name micrometer.core): requiring it is what the pom's lint exclusion is for.
    requires transitive micrometer.core;

    exports io.modelstore.micrometer;
}
