package io.fede2e.provider.hollow.controllers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The garbage collector: deletes an object once every owner in its ownerReferences is gone
 * (background cascading deletion), and finishes foreground deletion: an owner carrying the
 * foregroundDeletion finalizer loses it once its dependents are gone.
 *
 * <p>It sees the kinds the controllers watch; owners of other kinds are looked up with a GET
 * before a dependent is deleted, so a slow informer never causes a wrong deletion.
 */
final class GarbageCollector implements AutoCloseable {

  static final String COMPONENT = "garbage-collector";
  static final String FOREGROUND = "foregroundDeletion";

  private final ControllerContext ctx;
  private final WorkQueue queue;
  /** Live objects by uid, as last seen. */
  private final Map<String, HasMetadata> live = new ConcurrentHashMap<>();
  /** Dependents by owner uid. */
  private final Map<String, Set<String>> dependents = new HashMap<>();
  /** Kinds whose informers this collector has, so "not seen" means "gone" after a GET. */
  private final Map<String, Class<? extends HasMetadata>> kinds = new HashMap<>();

  GarbageCollector(ControllerContext ctx) {
    this.ctx = ctx;
    this.queue = ctx.queue("gc", 2, this::sync);
    for (SharedIndexInformer<? extends HasMetadata> informer : ctx.informers.all()) {
      watch(informer);
    }
  }

  private <T extends HasMetadata> void watch(SharedIndexInformer<T> informer) {
    kinds.put(informer.getApiTypeClass().getSimpleName(), informer.getApiTypeClass());
    informer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        seen(obj);
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        seen(newObj);
      }

      @Override
      public void onDelete(T obj, boolean unknown) {
        gone(obj);
      }
    });
  }

  void start() {
    queue.start();
  }

  private void seen(HasMetadata obj) {
    String uid = obj.getMetadata().getUid();
    if (uid == null) {
      return;
    }
    live.put(uid, obj);
    List<OwnerReference> refs = obj.getMetadata().getOwnerReferences();
    if (refs != null && !refs.isEmpty()) {
      synchronized (dependents) {
        for (OwnerReference ref : refs) {
          dependents.computeIfAbsent(ref.getUid(), u -> new HashSet<>()).add(uid);
        }
      }
      for (OwnerReference ref : refs) {
        if (!live.containsKey(ref.getUid())) {
          queue.add("dependent/" + uid);
          break;
        }
      }
    }
    List<String> finalizers = obj.getMetadata().getFinalizers();
    if (Pods.isTerminating(obj) && finalizers != null && finalizers.contains(FOREGROUND)) {
      queue.add("owner/" + uid);
    }
  }

  private void gone(HasMetadata obj) {
    String uid = obj.getMetadata().getUid();
    live.remove(uid);
    List<OwnerReference> refs = obj.getMetadata().getOwnerReferences();
    if (refs != null) {
      synchronized (dependents) {
        for (OwnerReference ref : refs) {
          Set<String> set = dependents.get(ref.getUid());
          if (set != null) {
            set.remove(uid);
            if (set.isEmpty()) {
              dependents.remove(ref.getUid());
            }
          }
          HasMetadata owner = live.get(ref.getUid());
          if (owner != null && Pods.isTerminating(owner)) {
            queue.add("owner/" + ref.getUid());
          }
        }
      }
    }
    List<String> mine;
    synchronized (dependents) {
      Set<String> set = dependents.get(uid);
      mine = set == null ? List.of() : new ArrayList<>(set);
    }
    for (String dep : mine) {
      queue.add("dependent/" + dep);
    }
  }

  private void sync(String key) {
    if (key.startsWith("dependent/")) {
      collectDependent(key.substring("dependent/".length()));
    } else if (key.startsWith("owner/")) {
      finishForeground(key.substring("owner/".length()));
    }
  }

  /** Deletes a dependent whose owners are all gone. */
  private void collectDependent(String uid) {
    HasMetadata obj = live.get(uid);
    if (obj == null || Pods.isTerminating(obj)) {
      return;
    }
    List<OwnerReference> refs = obj.getMetadata().getOwnerReferences();
    if (refs == null || refs.isEmpty()) {
      return;
    }
    for (OwnerReference ref : refs) {
      if (live.containsKey(ref.getUid()) || ownerExists(obj, ref)) {
        return;
      }
    }
    try {
      ctx.client.resource(obj).delete();
      ctx.events.note(COMPONENT + ": deleted " + obj.getKind() + " " + Informers.key(obj)
          + ": its owner " + refs.get(0).getKind() + " " + refs.get(0).getName() + " is gone");
    } catch (KubernetesClientException e) {
      if (!ControllerContext.isGone(e)) {
        throw e;
      }
    }
  }

  /** A GET of the owner: the informer may not have seen it yet, or it is of a kind not watched. */
  private boolean ownerExists(HasMetadata dependent, OwnerReference ref) {
    Class<? extends HasMetadata> type = kinds.get(ref.getKind());
    HasMetadata owner;
    try {
      if (type == null) {
        String apiVersion = ref.getApiVersion();
        var context = new io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext.Builder()
            .withGroup(apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "")
            .withVersion(apiVersion.contains("/") ? apiVersion.substring(apiVersion.indexOf('/') + 1) : apiVersion)
            .withKind(ref.getKind())
            .withPlural(ref.getKind().toLowerCase(java.util.Locale.ROOT) + "s")
            .withNamespaced(dependent.getMetadata().getNamespace() != null)
            .build();
        var op = ctx.client.genericKubernetesResources(context);
        owner = dependent.getMetadata().getNamespace() == null
            ? op.withName(ref.getName()).get()
            : op.inNamespace(dependent.getMetadata().getNamespace()).withName(ref.getName()).get();
      } else {
        var op = ctx.client.resources(type);
        boolean clusterScoped = "Node".equals(ref.getKind()) || "Namespace".equals(ref.getKind());
        owner = clusterScoped || dependent.getMetadata().getNamespace() == null
            ? op.withName(ref.getName()).get()
            : op.inNamespace(dependent.getMetadata().getNamespace()).withName(ref.getName()).get();
      }
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return false;
      }
      return true; // Unsure: keep the dependent.
    }
    return owner != null && ref.getUid().equals(owner.getMetadata().getUid());
  }

  /** Foreground deletion: delete dependents first, then drop the owner's finalizer. */
  private void finishForeground(String uid) {
    HasMetadata owner = live.get(uid);
    if (owner == null || !Pods.isTerminating(owner) || owner.getMetadata().getFinalizers() == null
        || !owner.getMetadata().getFinalizers().contains(FOREGROUND)) {
      return;
    }
    List<String> deps;
    synchronized (dependents) {
      Set<String> set = dependents.get(uid);
      deps = set == null ? List.of() : new ArrayList<>(set);
    }
    boolean remaining = false;
    for (String dep : deps) {
      HasMetadata d = live.get(dep);
      if (d == null || d.getMetadata().getOwnerReferences() == null
          || d.getMetadata().getOwnerReferences().stream().noneMatch(r -> uid.equals(r.getUid()))) {
        continue;
      }
      remaining = true;
      if (!Pods.isTerminating(d)) {
        try {
          ctx.client.resource(d).delete();
        } catch (KubernetesClientException e) {
          if (!ControllerContext.isGone(e)) {
            throw e;
          }
        }
      }
    }
    if (remaining) {
      return; // Each dependent's deletion brings the owner back here.
    }
    List<String> kept = new ArrayList<>(owner.getMetadata().getFinalizers());
    kept.remove(FOREGROUND);
    try {
      ctx.client.resource(owner).edit(o -> {
        o.getMetadata().setFinalizers(kept);
        return o;
      });
      ctx.events.note(COMPONENT + ": foreground deletion of " + owner.getKind() + " " + Informers.key(owner)
          + " done");
    } catch (KubernetesClientException e) {
      if (!ControllerContext.isGone(e)) {
        throw e;
      }
    }
  }

  @Override
  public void close() {
    queue.close();
  }
}
