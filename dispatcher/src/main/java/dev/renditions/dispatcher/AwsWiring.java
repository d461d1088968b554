package dev.renditions.dispatcher;

import dev.renditions.core.ports.EventPublisher;
import dev.renditions.core.ports.JobSubmitter;
import dev.renditions.core.ports.ObjectStore;

/** Builds the AWS adapters of the ports once per container. */
final class AwsWiring {
    record Ports(DispatcherConfig config, ObjectStore store, JobSubmitter jobs, EventPublisher events) {}

    private AwsWiring() {}

    static Ports create(java.util.Map<String, String> env) {
        DispatcherConfig config = DispatcherConfig.fromEnv(env);
        // The adapters (dev.renditions.aws: S3ObjectStore, BatchJobSubmitter, EventBridgePublisher) are wired here
        // once they land on main.
        throw new UnsupportedOperationException("AWS adapters are not wired yet");
    }
}
