package dev.renditions.dispatcher;

import dev.renditions.aws.AwsClients;
import dev.renditions.aws.BatchJobSubmitter;
import dev.renditions.aws.EventBridgePublisher;
import dev.renditions.aws.S3ObjectStore;
import dev.renditions.core.ports.EventPublisher;
import dev.renditions.core.ports.JobSubmitter;
import dev.renditions.core.ports.ObjectStore;
import java.util.Map;

/**
 * Builds the AWS adapters of the ports once per container. Every client is created here, during Lambda's init phase
 * (which is also what a SnapStart snapshot captures), not on the first event.
 */
final class AwsWiring {
    record Ports(DispatcherConfig config, ObjectStore store, JobSubmitter jobs, EventPublisher events) {}

    private AwsWiring() {}

    static Ports create(Map<String, String> env) {
        DispatcherConfig config = DispatcherConfig.fromEnv(env);
        AwsClients clients = AwsClients.fromEnv(env);
        return new Ports(
                config,
                new S3ObjectStore(clients.s3()),
                new BatchJobSubmitter(clients.batch()),
                new EventBridgePublisher(clients.eventBridge(), config.eventBusName()));
    }
}
