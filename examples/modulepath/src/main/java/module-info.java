/**
 * A program on the module path. It requires modelstore's API only: the filesystem backend (io.modelstore.local) is
 * on the module path and is bound by the module system as a provider of the service that io.modelstore uses.
 */
module io.modelstore.examples.modulepath {
    requires io.modelstore;
}
