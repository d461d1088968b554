package dev.renditions.worker;

import dev.renditions.aws.AwsClients;
import dev.renditions.aws.BatchJobSubmitter;
import dev.renditions.aws.EventBridgePublisher;
import dev.renditions.aws.S3ObjectStore;
import dev.renditions.core.ports.EventPublisher;
import dev.renditions.core.ports.JobSubmitter;
import dev.renditions.core.ports.ObjectStore;
import java.util.Map;
import java.util.Objects;

/**
 * {@link CloudServices} on the AWS SDK: {@link AwsClients} read from the environment map (endpoints, region,
 * credentials, retries; see {@link dev.renditions.aws.AwsSettings}) when first needed, so that a bad
 * {@code AWS_ENDPOINT_URL} only fails a run that uses AWS, and fails it as a usage error (exit 2).
 */
public final class AwsCloudServices implements CloudServices {
    private final Map<String, String> env;
    private AwsClients clients;
    private ObjectStore store;

    public AwsCloudServices(Map<String, String> env) {
        this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
    }

    private synchronized AwsClients clients() {
        if (clients == null) {
            clients = AwsClients.fromEnv(env);
        }
        return clients;
    }

    @Override
    public synchronized ObjectStore objectStore() {
        if (store == null) {
            store = new S3ObjectStore(clients().s3());
        }
        return store;
    }

    @Override
    public EventPublisher eventBridge(String eventBusName) {
        return new EventBridgePublisher(clients().eventBridge(), eventBusName);
    }

    @Override
    public JobSubmitter jobSubmitter() {
        return new BatchJobSubmitter(clients().batch());
    }

    @Override
    public synchronized void close() {
        if (clients != null) {
            clients.close();
            clients = null;
            store = null;
        }
    }
}
