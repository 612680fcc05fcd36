package io.modelstore.testbackend;

/** An SDK class that a badly built provider extends; hidden by the isolating class loader like FakeSdkClient. */
public abstract class FakeSdkBase {}
