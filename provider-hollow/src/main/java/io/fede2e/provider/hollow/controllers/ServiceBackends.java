package io.fede2e.provider.hollow.controllers;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/** The pods behind a Service and the ports they serve it on, for Endpoints and EndpointSlices. */
final class ServiceBackends {

    /** A port of the Service resolved against one pod. */
    record Port(String name, int port, String protocol, String appProtocol) {}

    /** A pod that backs the Service. */
    record Backend(Pod pod, String ip, boolean ready, boolean terminating, List<Port> ports) {

        /** The pod as Endpoints and EndpointSlices point at it. */
        ObjectReference targetRef() {
            return new ObjectReferenceBuilder()
                    .withKind("Pod")
                    .withName(pod.getMetadata().getName())
                    .withNamespace(pod.getMetadata().getNamespace())
                    .withUid(pod.getMetadata().getUid())
                    .build();
        }

        /**
         * The pod's hostname when the Service is its subdomain (so DNS gets a per-pod record), else
         * null, as the endpoints controllers of Kubernetes do.
         */
        String hostname(Service svc) {
            String hostname = pod.getSpec().getHostname();
            return hostname != null && svc.getMetadata().getName().equals(pod.getSpec().getSubdomain()) ? hostname : null;
        }
    }

    static final Comparator<Backend> BY_IP = Comparator.comparing(Backend::ip)
            .thenComparing(b -> b.pod().getMetadata().getName());

    private ServiceBackends() {}

    static boolean managed(Service svc) {
        return svc.getSpec() != null && svc.getSpec().getSelector() != null
                && !svc.getSpec().getSelector().isEmpty() && !"ExternalName".equals(svc.getSpec().getType());
    }

    static List<Backend> of(ControllerContext ctx, Service svc) {
        List<Backend> backends = new ArrayList<>();
        boolean publishNotReady = Boolean.TRUE.equals(svc.getSpec().getPublishNotReadyAddresses());
        for (Pod pod : ctx.informers.pods.getIndexer().byIndex(Informers.NAMESPACE,
                svc.getMetadata().getNamespace())) {
            if (!Pods.matches(svc.getSpec().getSelector(), pod.getMetadata().getLabels())) {
                continue;
            }
            String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
            if (ip == null || ip.isEmpty() || Pods.isTerminal(pod)) {
                continue;
            }
            List<Port> ports = new ArrayList<>();
            boolean resolvable = true;
            if (svc.getSpec().getPorts() != null) {
                for (ServicePort sp : svc.getSpec().getPorts()) {
                    Integer target = targetPort(sp, pod);
                    if (target == null) {
                        resolvable = false;
                        continue;
                    }
                    ports.add(new Port(sp.getName(), target, sp.getProtocol() == null ? "TCP" : sp.getProtocol(),
                            sp.getAppProtocol()));
                }
            }
            if (!resolvable && ports.isEmpty()) {
                continue;
            }
            boolean ready = Pods.isReady(pod) && !Pods.isTerminating(pod);
            backends.add(new Backend(pod, ip, ready || publishNotReady, Pods.isTerminating(pod), List.copyOf(ports)));
        }
        backends.sort(BY_IP);
        return backends;
    }

    private static Integer targetPort(ServicePort sp, Pod pod) {
        IntOrString target = sp.getTargetPort();
        if (target == null) {
            return sp.getPort();
        }
        if (target.getIntVal() != null) {
            return target.getIntVal();
        }
        String name = target.getStrVal();
        if (name == null) {
            return sp.getPort();
        }
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            // A named port: look it up in the pod's containers.
        }
        for (Container c : Pods.containers(pod)) {
            if (c.getPorts() == null) {
                continue;
            }
            for (ContainerPort cp : c.getPorts()) {
                if (name.equals(cp.getName())) {
                    return cp.getContainerPort();
                }
            }
        }
        return null;
    }

    /** Enqueues the services of a pod's namespace whose selector matches the pod before or after. */
    static ResourceEventHandler<Pod> podHandler(ControllerContext ctx, Consumer<String> enqueue) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                matching(pod, null);
            }

            @Override
            public void onUpdate(Pod oldPod, Pod newPod) {
                if (Pods.isReady(oldPod) == Pods.isReady(newPod)
                        && Pods.isTerminating(oldPod) == Pods.isTerminating(newPod)
                        && Objects.equals(ip(oldPod), ip(newPod))
                        && Objects.equals(oldPod.getMetadata().getLabels(), newPod.getMetadata().getLabels())
                        && Pods.isTerminal(oldPod) == Pods.isTerminal(newPod)) {
                    return;
                }
                matching(newPod, oldPod.getMetadata().getLabels());
            }

            @Override
            public void onDelete(Pod pod, boolean unknown) {
                matching(pod, null);
            }

            private void matching(Pod pod, Map<String, String> oldLabels) {
                for (Service svc : ctx.informers.services.getIndexer().byIndex(Informers.NAMESPACE,
                        pod.getMetadata().getNamespace())) {
                    if (!managed(svc)) {
                        continue;
                    }
                    if (Pods.matches(svc.getSpec().getSelector(), pod.getMetadata().getLabels())
                            || (oldLabels != null && Pods.matches(svc.getSpec().getSelector(), oldLabels))) {
                        enqueue.accept(Informers.key(svc));
                    }
                }
            }
        };
    }

    private static String ip(Pod pod) {
        return pod.getStatus() == null ? null : pod.getStatus().getPodIP();
    }
}
