package io.fede2e.provider.existing;

import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fede2e.provider.api.Capability;

/**
 * {@code rbac}: the authorization API answers SubjectAccessReviews, and its answers follow a
 * Role and RoleBinding created for a user that exists nowhere else.
 */
final class RbacProbe implements Probe {

    @Override
    public Capability capability() {
        return Capability.RBAC;
    }

    @Override
    public String run(ProbeContext ctx) throws InterruptedException {
        String ns = ctx.namespace();
        String user = "fede2e-probe-" + ctx.options().runId();
        ctx.client().rbac().roles().inNamespace(ns).resource(new RoleBuilder().withNewMetadata().withName("probe")
                .endMetadata().addNewRule().withApiGroups("").withResources("pods").withVerbs("get").endRule().build())
                .create();
        ctx.client().rbac().roleBindings().inNamespace(ns).resource(new RoleBindingBuilder().withNewMetadata()
                .withName("probe").endMetadata().withNewRoleRef().withApiGroup("rbac.authorization.k8s.io")
                .withKind("Role").withName("probe").endRoleRef().addNewSubject()
                .withApiGroup("rbac.authorization.k8s.io").withKind("User").withName(user).endSubject().build())
                .create();
        // The authorizer's cache follows new bindings within moments: ask until the bound.
        do {
            Boolean granted = review(ctx, user, "get");
            if (Boolean.TRUE.equals(granted)) {
                Boolean ungranted = review(ctx, user, "delete");
                if (!Boolean.FALSE.equals(ungranted)) {
                    throw new Absent("the authorization API allowed 'delete pods', which no RoleBinding grants:"
                            + " another authorizer allows everything");
                }
                return "SubjectAccessReviews follow a RoleBinding (granted 'get pods' allowed, 'delete pods' denied)";
            }
            ctx.pause();
        } while (!ctx.over());
        throw new Absent("the authorization API did not allow what a RoleBinding grants within " + ctx.bound()
                + ": RBAC does not authorize this cluster");
    }

    private static Boolean review(ProbeContext ctx, String user, String verb) {
        SubjectAccessReview sar = new SubjectAccessReviewBuilder().withNewSpec().withUser(user)
                .withNewResourceAttributes().withNamespace(ctx.namespace()).withVerb(verb).withResource("pods")
                .endResourceAttributes().endSpec().build();
        SubjectAccessReview answer = ctx.client().authorization().v1().subjectAccessReview().create(sar);
        if (answer == null || answer.getStatus() == null || answer.getStatus().getAllowed() == null) {
            throw new Absent("the authorization API answered a SubjectAccessReview without a decision");
        }
        return answer.getStatus().getAllowed();
    }
}
