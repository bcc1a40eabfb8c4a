package io.waymark.core.internal;

import dagger.Module;
import dagger.Provides;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/** Where the runtime's inputs come from: the JVM's properties and environment, and ServiceLoader. */
@Module
final class CoreModule {

    private CoreModule() {}

    @Provides
    @Singleton
    static StartupConfiguration startupConfiguration() {
        return StartupConfiguration.fromSystem();
    }

    @Provides
    @Singleton
    static BackendCatalog backendCatalog() {
        return BackendCatalog.load();
    }

    /** One daemon thread for work that application threads hand off (rebuilding after a backend is detached). */
    @Provides
    @Singleton
    @Named("maintenance")
    static Executor maintenance() {
        return Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "waymark-maintenance");
            thread.setDaemon(true);
            thread.setContextClassLoader(null); // do not pin the class loader of whichever application thread came first
            return thread;
        });
    }
}
