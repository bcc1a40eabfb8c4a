package io.waymark.core.internal;

import dagger.Component;
import jakarta.inject.Singleton;

/** The runtime's object graph. */
@Singleton
@Component(modules = CoreModule.class)
public interface CoreComponent {

    TracingRuntime runtime();

    ManagementAgent managementAgent();

    static CoreComponent create() {
        return DaggerCoreComponent.create();
    }
}
