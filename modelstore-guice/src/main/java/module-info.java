/** A Guice module that binds a singleton ModelStore. */
module io.modelstore.guice {
    requires transitive io.modelstore;
    // ModelStoreModule is an AbstractModule. Guice's jar has no descriptor but declares its module name
    // (Automatic-Module-Name com.google.guice): requiring it is what the pom's lint exclusion is for.
    // As an automatic module, Guice requires nothing: on the module path an application resolves Guice's own
    // dependencies itself (--add-modules com.google.common,jakarta.inject, or requires), as for any use of Guice 7.
    requires transitive com.google.guice;

    exports io.modelstore.guice;
    // Guice calls ModelStoreModule's package-private @Provides method by reflection.
    opens io.modelstore.guice to
            com.google.guice;
}
