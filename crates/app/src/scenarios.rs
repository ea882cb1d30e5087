//! The guided scenarios: the tutorials the playground reproduces, as short steps in English and
//! Simplified Chinese. A step either loads a manifest into the editor or runs the real kubectl
//! command it teaches (typed into the console, exactly as the learner could type it).

use crate::i18n::Lang;

/// A text in both UI languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text {
    pub en: &'static str,
    pub zh: &'static str,
}

impl Text {
    pub fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::ZhHans => self.zh,
        }
    }
}

const fn text(en: &'static str, zh: &'static str) -> Text {
    Text { en, zh }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Put this manifest in the editor.
    Load(&'static str),
    /// Run this command line in the console (`-f -` reads the editor).
    Run(&'static str),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    pub text: Text,
    pub action: Action,
    /// Whether kubectl is meant to refuse the command (the `myapp` mistakes).
    pub fails: bool,
}

const fn load(manifest: &'static str, text: Text) -> Step {
    Step {
        text,
        action: Action::Load(manifest),
        fails: false,
    }
}

const fn run(command: &'static str, text: Text) -> Step {
    Step {
        text,
        action: Action::Run(command),
        fails: false,
    }
}

const fn run_failing(command: &'static str, text: Text) -> Step {
    Step {
        text,
        action: Action::Run(command),
        fails: true,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scenario {
    /// Stable id, used by `data-testid` and `?scenario=`.
    pub id: &'static str,
    pub title: Text,
    pub summary: Text,
    pub steps: &'static [Step],
}

const WEB: &str = include_str!("../../../tests/scenarios/web.yaml");
const MYAPP: &str = include_str!("../scenarios/myapp.yaml");
const MYAPP_CONTAINERS_FIXED: &str = include_str!("../scenarios/myapp-containers-fixed.yaml");
const MYAPP_FIXED: &str = include_str!("../scenarios/myapp-fixed.yaml");
const ZOOKEEPER: &str = include_str!("../scenarios/zookeeper.yaml");
const NFS: &str = include_str!("../scenarios/nfs.yaml");
const DS_FLUENTD: &str = include_str!("../../../tests/scenarios/ds-fluentd.yaml");
const COMPARE_DEPLOY: &str = include_str!("../../../tests/scenarios/compare-deploy.yaml");

const APPLY: &str = "kubectl apply -f -";

pub const SCENARIOS: &[Scenario] = &[
    Scenario {
        id: "web",
        title: text(
            "nginx web: order, scale, update",
            "nginx web：顺序、扩缩容、更新",
        ),
        summary: text(
            "A headless Service and a three-replica StatefulSet. Watch the ordinals come up one at a time, scale, roll out an image, hold it back with a partition, and recover from a broken rollout.",
            "一个 Headless Service 加一个三副本的 StatefulSet。观察 Pod 按序号逐个启动，然后扩缩容、滚动更新镜像、用 partition 分批发布，并从失败的发布中恢复。",
        ),
        steps: &[
            load(
                WEB,
                text(
                    "Load the manifest: Service nginx (clusterIP: None) and StatefulSet web with a claim template www.",
                    "载入清单：Service nginx（clusterIP: None）和带有存储卷申请模板 www 的 StatefulSet web。",
                ),
            ),
            run(
                APPLY,
                text(
                    "Apply it. web-0 starts first; web-1 waits until web-0 is Running and Ready, then web-2 (OrderedReady).",
                    "应用清单。web-0 最先启动；web-0 进入 Running 且就绪后 web-1 才会创建，然后是 web-2（OrderedReady）。",
                ),
            ),
            run(
                "kubectl rollout status sts/web",
                text(
                    "Wait for the rollout: this command returns once all three pods are ready.",
                    "等待发布完成：三个 Pod 全部就绪后，这条命令才会返回。",
                ),
            ),
            run(
                "kubectl get pvc",
                text(
                    "Each pod got its own claim, named template-set-ordinal: www-web-0, www-web-1, www-web-2.",
                    "每个 Pod 都有自己的存储卷申请，命名规则是“模板名-StatefulSet 名-序号”：www-web-0、www-web-1、www-web-2。",
                ),
            ),
            run(
                "kubectl scale sts web --replicas=5",
                text(
                    "Scale up to five: web-3 then web-4 are added, again one at a time.",
                    "扩容到 5 个副本：依次新增 web-3 和 web-4，同样一次一个。",
                ),
            ),
            run(
                "kubectl scale sts web --replicas=3",
                text(
                    "Scale back to three: the highest ordinals go first. Their claims stay, ready for the next scale-up.",
                    "缩容回 3 个副本：序号最大的 Pod 先被删除。它们的存储卷申请会保留，下次扩容时重新挂载。",
                ),
            ),
            run(
                "kubectl set image sts/web nginx=registry.k8s.io/nginx-slim:0.9",
                text(
                    "Update the image. The rolling update replaces pods from the highest ordinal down: web-2, web-1, web-0.",
                    "更新镜像。滚动更新从序号最大的 Pod 开始替换：web-2、web-1、web-0。",
                ),
            ),
            run(
                "kubectl rollout status sts/web",
                text(
                    "Wait for every pod to run the new revision.",
                    "等待所有 Pod 都运行新的修订版本。",
                ),
            ),
            run(
                r#"kubectl patch sts web -p '{"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":2}}}}'"#,
                text(
                    "Set a partition of 2: only pods with an ordinal of 2 or more will take the next update (a canary).",
                    "把 partition 设为 2：只有序号大于等于 2 的 Pod 会接受下一次更新（金丝雀发布）。",
                ),
            ),
            run(
                "kubectl set image sts/web nginx=registry.k8s.io/nginx-slim:0.10",
                text(
                    "Update again. Only web-2 moves to the new revision; web-0 and web-1 keep the old one.",
                    "再次更新镜像。只有 web-2 换成新的修订版本，web-0 和 web-1 保持不变。",
                ),
            ),
            run(
                r#"kubectl patch sts web -p '{"spec":{"updateStrategy":{"rollingUpdate":{"partition":0}}}}'"#,
                text(
                    "Lower the partition to 0 to let the update reach every pod.",
                    "把 partition 降到 0，让更新覆盖所有 Pod。",
                ),
            ),
            run(
                "kubectl set image sts/web nginx=registry.k8s.io/nginx-slim:0.99",
                text(
                    "Now a broken rollout: tag 0.99 does not exist. web-2 is replaced and stays in ErrImagePull / ImagePullBackOff; the controller waits for it and goes no further.",
                    "现在模拟一次失败的发布：镜像标签 0.99 并不存在。web-2 被替换后一直处于 ErrImagePull / ImagePullBackOff，控制器会一直等它，不再继续。",
                ),
            ),
            run(
                "kubectl rollout undo sts/web",
                text(
                    "Roll back the template. The broken pod is not fixed by itself: the controller waits for it to become Ready before touching it.",
                    "回滚模板。坏掉的 Pod 并不会自己恢复：控制器要等它就绪后才会处理它。",
                ),
            ),
            run(
                "kubectl delete pod web-2",
                text(
                    "Forced rollback: delete the stuck pod by hand. It comes back with the previous, working revision.",
                    "强制回滚：手动删除卡住的 Pod。它会以之前能正常工作的修订版本重新创建。",
                ),
            ),
        ],
    },
    Scenario {
        id: "myapp",
        title: text("myapp: find the two mistakes", "myapp：找出两处错误"),
        summary: text(
            "A manifest from a real walkthrough with two mistakes in it. The strict intake refuses it with the error kubectl prints; fix both, then scale and update.",
            "来自一篇真实教程的清单，里面有两处错误。严格校验会像 kubectl 一样拒绝它；修好这两处，再做扩缩容和更新。",
        ),
        steps: &[
            load(
                MYAPP,
                text(
                    "Load the manifest. The editor already underlines the problems; look before applying.",
                    "载入清单。编辑器已经标出了问题，应用之前先看一看。",
                ),
            ),
            run_failing(
                APPLY,
                text(
                    "Apply it. Nothing is created: the API server cannot even decode the StatefulSet, because `containers` is written as a map where a list is expected. An invalid manifest changes nothing.",
                    "应用清单。什么都不会被创建：API 服务器连 StatefulSet 都无法解码，因为 `containers` 写成了映射，而这里需要的是列表。无效的清单不会改动任何东西。",
                ),
            ),
            load(
                MYAPP_CONTAINERS_FIXED,
                text(
                    "Fix the first mistake: put `- ` before `name: myapp` under containers. (This loads the fixed file; try it by hand first.)",
                    "修正第一处错误：在 containers 下的 `name: myapp` 前面加上 `- `。（此步会载入修好的文件，建议先自己动手改。）",
                ),
            ),
            run_failing(
                APPLY,
                text(
                    "Apply again. Now the strict field check finds the second mistake: there is no field `volumeClaimTemolates`.",
                    "再次应用。这一次严格的字段校验发现了第二处错误：并不存在 `volumeClaimTemolates` 这个字段。",
                ),
            ),
            load(
                MYAPP_FIXED,
                text(
                    "Fix the typo: `volumeClaimTemplates`. Without it the pods would have no claims at all.",
                    "修正拼写：`volumeClaimTemplates`。如果没有它，Pod 就根本没有存储卷申请。",
                ),
            ),
            run(
                APPLY,
                text(
                    "Apply again: the Service and the StatefulSet are created, with claims myappdata-myapp-0 … 2.",
                    "再次应用：Service 和 StatefulSet 创建成功，存储卷申请为 myappdata-myapp-0 到 2。",
                ),
            ),
            run(
                "kubectl scale sts myapp --replicas=5",
                text("Scale to five replicas.", "扩容到 5 个副本。"),
            ),
            run(
                r#"kubectl patch sts myapp -p '{"spec":{"updateStrategy":{"rollingUpdate":{"partition":4}}}}'"#,
                text(
                    "Set a partition of 4, so only myapp-4 takes the next update.",
                    "把 partition 设为 4，这样只有 myapp-4 会接受下一次更新。",
                ),
            ),
            run(
                "kubectl set image sts/myapp myapp=ikubernetes/myapp:v2",
                text(
                    "Update the image: myapp-4 is replaced, the others stay on v1.",
                    "更新镜像：只有 myapp-4 被替换，其余的仍是 v1。",
                ),
            ),
            run(
                "kubectl get pods -o wide",
                text("Compare the pods.", "对比各个 Pod。"),
            ),
        ],
    },
    Scenario {
        id: "zookeeper",
        title: text(
            "ZooKeeper: static PVs, anti-affinity",
            "ZooKeeper：静态 PV 与反亲和",
        ),
        summary: text(
            "Four pre-made PersistentVolumes, Parallel pod management and a required anti-affinity that allows one zk pod per node, then a canary with a partition.",
            "四个预先创建的 PersistentVolume、Parallel 并行管理策略，以及每个节点只能放一个 zk Pod 的强制反亲和，最后用 partition 做金丝雀发布。",
        ),
        steps: &[
            load(
                ZOOKEEPER,
                text(
                    "Load the manifest: namespace zookeeper, PVs pv001 … pv004, Services zk-cs and zk-hs, and StatefulSet zk.",
                    "载入清单：命名空间 zookeeper、PV pv001 到 pv004、Service zk-cs 和 zk-hs，以及 StatefulSet zk。",
                ),
            ),
            run(
                APPLY,
                text(
                    "Apply it. With Parallel, zk-0, zk-1 and zk-2 are all created at once.",
                    "应用清单。由于是 Parallel 策略，zk-0、zk-1、zk-2 会同时创建。",
                ),
            ),
            run(
                "kubectl rollout status sts/zk -n zookeeper",
                text(
                    "Wait until the three pods are ready.",
                    "等待三个 Pod 全部就绪。",
                ),
            ),
            run(
                "kubectl get pvc -n zookeeper",
                text(
                    "Each claim datadir-zk-N is bound to one of the static PVs.",
                    "每个存储卷申请 datadir-zk-N 都绑定到了一个静态 PV。",
                ),
            ),
            run(
                "kubectl get pods -n zookeeper -o wide",
                text(
                    "The anti-affinity put each pod on a different node.",
                    "反亲和规则让每个 Pod 落在不同的节点上。",
                ),
            ),
            run(
                "kubectl scale sts zk -n zookeeper --replicas=4",
                text(
                    "Scale to four: zk-3 stays Pending, because every node already runs a zk pod.",
                    "扩容到 4 个：zk-3 会一直 Pending，因为每个节点上都已经有一个 zk Pod。",
                ),
            ),
            run(
                r#"kubectl patch sts zk -n zookeeper -p '{"spec":{"replicas":3}}'"#,
                text(
                    "Scale back to three with a patch. The claim datadir-zk-3 is kept.",
                    "用 patch 缩容回 3 个。存储卷申请 datadir-zk-3 会被保留。",
                ),
            ),
            run(
                r#"kubectl patch sts zk -n zookeeper -p '{"spec":{"updateStrategy":{"rollingUpdate":{"partition":2}}}}'"#,
                text(
                    "Canary: with partition 2 only zk-2 takes the next image.",
                    "金丝雀发布：partition 为 2 时，只有 zk-2 会换成新镜像。",
                ),
            ),
            run(
                "kubectl set image sts/zk -n zookeeper kubernetes-zookeeper=kubebiz/zookeeper:3.5.8",
                text(
                    "Update the image and watch only zk-2 restart with the new revision.",
                    "更新镜像，观察只有 zk-2 以新的修订版本重启。",
                ),
            ),
        ],
    },
    Scenario {
        id: "nfs",
        title: text("Dynamic NFS: volumes and DNS", "动态 NFS：存储卷与 DNS"),
        summary: text(
            "A StorageClass provisions one volume per pod. Each pod appends its hostname to a file on its volume; a re-created pod keeps its name and its data. nslookup shows the per-pod DNS names.",
            "StorageClass 为每个 Pod 动态创建一个存储卷。每个 Pod 都把自己的主机名追加到卷上的文件里；重建后的 Pod 名称不变、数据也还在。用 nslookup 查看每个 Pod 的 DNS 名称。",
        ),
        steps: &[
            load(
                NFS,
                text(
                    "Load the manifest: StorageClass managed-nfs-storage, headless Service examplestatefulservice and StatefulSet examplestatefulset.",
                    "载入清单：StorageClass managed-nfs-storage、Headless Service examplestatefulservice 和 StatefulSet examplestatefulset。",
                ),
            ),
            run(
                APPLY,
                text(
                    "Apply it. Every claim gets a volume named pvc-<claim uid> from the provisioner.",
                    "应用清单。每个存储卷申请都会由 provisioner 创建一个名为 pvc-<申请 uid> 的卷。",
                ),
            ),
            run(
                "kubectl rollout status sts/examplestatefulset",
                text("Wait for the three pods.", "等待三个 Pod 就绪。"),
            ),
            run(
                "kubectl get pv",
                text(
                    "The dynamically provisioned volumes, one per claim.",
                    "动态创建的卷，每个申请对应一个。",
                ),
            ),
            run(
                "kubectl exec examplestatefulset-0 -- cat /dir/data",
                text(
                    "Read the file the pod wrote: one line with its hostname.",
                    "读取 Pod 写入的文件：只有一行，内容是它的主机名。",
                ),
            ),
            run(
                "kubectl exec examplestatefulset-0 -- nslookup examplestatefulservice",
                text(
                    "The headless Service name resolves to every pod's IP.",
                    "Headless Service 的名称会解析出所有 Pod 的 IP。",
                ),
            ),
            run(
                "kubectl exec examplestatefulset-0 -- nslookup examplestatefulset-1.examplestatefulservice",
                text(
                    "Each pod also has its own name: pod.service.namespace.svc.cluster.local.",
                    "每个 Pod 也有自己的域名：pod.service.namespace.svc.cluster.local。",
                ),
            ),
            run(
                "kubectl delete pod examplestatefulset-0",
                text(
                    "Delete a pod. It comes back with the same name, a new IP and the same volume.",
                    "删除一个 Pod。它会以相同的名称、新的 IP 重建，并挂载同一个卷。",
                ),
            ),
            run(
                "kubectl wait --for=condition=Ready pod/examplestatefulset-0",
                text("Wait for it to be Ready again.", "等待它再次就绪。"),
            ),
            run(
                "kubectl exec examplestatefulset-0 -- cat /dir/data",
                text(
                    "The file now has two lines: the data outlived the pod.",
                    "文件现在有两行：数据比 Pod 活得更久。",
                ),
            ),
        ],
    },
    Scenario {
        id: "compare",
        title: text(
            "StatefulSet vs Deployment",
            "StatefulSet 与 Deployment 对比",
        ),
        summary: text(
            "The same nginx twice: once as the StatefulSet web, once as the Deployment web-deploy with one shared claim. Compare how their pods are named, started, stored, scaled down, re-created and found in DNS.",
            "同一个 nginx 部署两次：一次是 StatefulSet web，一次是共用一个存储卷申请的 Deployment web-deploy。对比两者的 Pod 如何命名、启动、存储、缩容、重建，以及如何通过 DNS 找到。",
        ),
        steps: &[
            load(
                WEB,
                text(
                    "Load the StatefulSet half: headless Service nginx and StatefulSet web, whose claim template www gives every pod a volume of its own.",
                    "载入 StatefulSet 这一半：Headless Service nginx 和 StatefulSet web，它的申请模板 www 让每个 Pod 都有自己的卷。",
                ),
            ),
            run(
                APPLY,
                text(
                    "Apply it. web-0 is created first; web-1 only once web-0 is Ready.",
                    "应用清单。web-0 最先创建；web-0 就绪之后才创建 web-1。",
                ),
            ),
            load(
                COMPARE_DEPLOY,
                text(
                    "Load the Deployment half: the same container as Deployment web-deploy, a normal Service nginx-deploy, and a single ReadWriteMany claim www-shared for all its pods.",
                    "载入 Deployment 这一半：同样的容器，写成 Deployment web-deploy，加一个普通 Service nginx-deploy，以及所有 Pod 共用的一个 ReadWriteMany 申请 www-shared。",
                ),
            ),
            run(
                APPLY,
                text(
                    "Apply it. The Deployment makes a ReplicaSet, which creates all three pods at once, named after the ReplicaSet plus a random suffix.",
                    "应用清单。Deployment 创建一个 ReplicaSet，由它一次性创建全部三个 Pod，名字是 ReplicaSet 名加一个随机后缀。",
                ),
            ),
            run(
                "kubectl get sts,deploy,rs",
                text(
                    "The StatefulSet owns its pods directly; the Deployment owns a ReplicaSet that owns the pods.",
                    "StatefulSet 直接管理自己的 Pod；Deployment 则管理一个 ReplicaSet，再由 ReplicaSet 管理 Pod。",
                ),
            ),
            run(
                "kubectl get pods -o wide",
                text(
                    "Side by side: web-0, web-1, web-2 against three web-deploy-… names nobody can guess in advance.",
                    "并排对比：web-0、web-1、web-2，和三个事先无法预知的 web-deploy-… 名字。",
                ),
            ),
            run(
                "kubectl get pvc",
                text(
                    "Storage: one claim per StatefulSet pod (www-web-0 …), but just www-shared for every Deployment pod.",
                    "存储：StatefulSet 每个 Pod 一个申请（www-web-0 …），Deployment 的所有 Pod 只共用 www-shared。",
                ),
            ),
            run(
                "kubectl scale sts web --replicas=2",
                text(
                    "Scale the StatefulSet down to two: always the highest ordinal, web-2, goes.",
                    "把 StatefulSet 缩容到 2：被删除的总是序号最大的 web-2。",
                ),
            ),
            run(
                "kubectl scale deploy web-deploy --replicas=2",
                text(
                    "Scale the Deployment down to two: the ReplicaSet picks one of its pods by readiness and age, not by any name.",
                    "把 Deployment 缩容到 2：ReplicaSet 按就绪状态和创建时间挑一个 Pod 删除，与名字无关。",
                ),
            ),
            run(
                "kubectl get pvc",
                text(
                    "www-web-2 is still there, kept for the next scale-up; www-shared simply has one user fewer.",
                    "www-web-2 仍然保留，等下次扩容时再用；www-shared 只是少了一个使用者。",
                ),
            ),
            run(
                "kubectl delete pod web-0",
                text(
                    "Delete web-0. The StatefulSet re-creates a pod with exactly the same name and the same claim.",
                    "删除 web-0。StatefulSet 会重建一个名字完全相同、挂载同一个申请的 Pod。",
                ),
            ),
            run(
                "kubectl delete pods -l app=nginx-deploy",
                text(
                    "Delete the Deployment's pods. Their replacements get new random names.",
                    "删除 Deployment 的 Pod。补上的新 Pod 会得到新的随机名字。",
                ),
            ),
            run(
                "kubectl get pods",
                text(
                    "web-0 is back as web-0; the web-deploy pods all have names never seen before.",
                    "web-0 回来了，还叫 web-0；web-deploy 的 Pod 全都换成了没见过的名字。",
                ),
            ),
            run(
                "kubectl exec web-0 -- nslookup web-0.nginx",
                text(
                    "DNS: through the headless Service, each StatefulSet pod has a stable name of its own.",
                    "DNS：通过 Headless Service，每个 StatefulSet Pod 都有自己稳定的域名。",
                ),
            ),
            run(
                "kubectl exec web-0 -- nslookup nginx-deploy",
                text(
                    "The Deployment's Service has one virtual IP in front of all its pods; no pod can be reached by its own name.",
                    "Deployment 的 Service 只有一个虚拟 IP，挡在所有 Pod 前面；无法按名字访问某一个 Pod。",
                ),
            ),
        ],
    },
    Scenario {
        id: "daemonset",
        title: text("DaemonSet: one pod per node", "DaemonSet：每个节点一个 Pod"),
        summary: text(
            "The ZooKeeper tutorial's second half: a fluentd DaemonSet in kube-system. See which nodes get a pod and why the control plane does not, fix the toleration, update and roll back, and add a node.",
            "ZooKeeper 教程的后半部分：kube-system 里的 fluentd DaemonSet。看哪些节点得到了 Pod、控制平面为什么没有，修正容忍度，更新并回滚，再加一个节点。",
        ),
        steps: &[
            load(
                DS_FLUENTD,
                text(
                    "Load the manifest: DaemonSet fluentd-elasticsearch, tolerating the old node-role.kubernetes.io/master taint.",
                    "载入清单：DaemonSet fluentd-elasticsearch，它容忍的是旧的 node-role.kubernetes.io/master 污点。",
                ),
            ),
            run(
                APPLY,
                text(
                    "Apply it. There is no replica count: the controller creates one pod for every node the pod may run on.",
                    "应用清单。这里没有副本数：控制器为每个允许运行的节点创建一个 Pod。",
                ),
            ),
            run(
                "kubectl rollout status ds/fluentd-elasticsearch -n kube-system",
                text(
                    "Wait until every eligible node runs its pod.",
                    "等待每个符合条件的节点都运行起自己的 Pod。",
                ),
            ),
            run(
                "kubectl get pods -n kube-system -o wide",
                text(
                    "One pod per worker, and none on the control plane: it is tainted node-role.kubernetes.io/control-plane, which the pod does not tolerate. The Nodes panel shows each pod on its node.",
                    "每个工作节点一个 Pod，控制平面上没有：它带有 node-role.kubernetes.io/control-plane 污点，而 Pod 并不容忍。节点面板会把每个 Pod 显示在它所在的节点上。",
                ),
            ),
            run(
                r#"kubectl patch ds fluentd-elasticsearch -n kube-system --type=json -p '[{"op":"add","path":"/spec/template/spec/tolerations/-","value":{"key":"node-role.kubernetes.io/control-plane","operator":"Exists","effect":"NoSchedule"}}]'"#,
                text(
                    "Add a toleration for the current control-plane taint.",
                    "添加一条容忍当前 control-plane 污点的规则。",
                ),
            ),
            run(
                "kubectl rollout status ds/fluentd-elasticsearch -n kube-system",
                text(
                    "The pods are replaced with the new template, node by node, and the control plane gets one too.",
                    "Pod 按节点逐个换成新模板，控制平面也得到了一个。",
                ),
            ),
            run(
                "kubectl get pods -n kube-system -o wide",
                text(
                    "Now every node, control plane included, runs fluentd.",
                    "现在包括控制平面在内，每个节点都运行着 fluentd。",
                ),
            ),
            run(
                "kubectl set image ds/fluentd-elasticsearch fluentd-elasticsearch=quay.io/fluentd_elasticsearch/fluentd:v2.6.0 -n kube-system",
                text(
                    "Update the image: a rolling update, one node at a time.",
                    "更新镜像：滚动更新，一次一个节点。",
                ),
            ),
            run(
                "kubectl rollout status ds/fluentd-elasticsearch -n kube-system",
                text("Wait for the update to finish.", "等待更新完成。"),
            ),
            run(
                "kubectl rollout history daemonset -n kube-system fluentd-elasticsearch",
                text(
                    "Three revisions: the original, the toleration fix, the new image.",
                    "三个修订版本：最初的、修正容忍度的、更换镜像的。",
                ),
            ),
            run(
                "kubectl rollout undo daemonset fluentd-elasticsearch -n kube-system --to-revision=1",
                text(
                    "Roll back to revision 1: the old image and the old toleration, so the control plane's pod goes away again.",
                    "回滚到修订版本 1：旧镜像和旧的容忍度，所以控制平面上的 Pod 又被删除了。",
                ),
            ),
            run(
                "sim node add node-4",
                text(
                    "Add a node to the cluster (a playground command). The DaemonSet starts a pod on it without being asked.",
                    "向集群添加一个节点（练习场专用命令）。DaemonSet 会自动在它上面启动一个 Pod。",
                ),
            ),
            run(
                "kubectl get pods -n kube-system -o wide",
                text(
                    "node-4 has its fluentd pod.",
                    "node-4 上已经有了自己的 fluentd Pod。",
                ),
            ),
        ],
    },
];

pub fn find(id: &str) -> Option<&'static Scenario> {
    SCENARIOS.iter().find(|s| s.id == id)
}

impl Scenario {
    /// The first manifest the scenario loads (what an embed of it starts with).
    pub fn manifest(&self) -> Option<&'static str> {
        self.steps.iter().find_map(|s| match s.action {
            Action::Load(text) => Some(text),
            Action::Run(_) => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::Playground;
    use ordinal_api::Object;
    use ordinal_sim::Duration;

    /// Walks a scenario as the "run this step" buttons do, letting time pass after each
    /// command. Returns the playground and each command's output.
    fn walk(scenario: &Scenario) -> (Playground, Vec<ordinal_kubectl::Output>) {
        let mut p = Playground::default();
        let mut editor = String::new();
        let mut outputs = Vec::new();
        for step in scenario.steps {
            match step.action {
                Action::Load(text) => editor = text.to_string(),
                Action::Run(line) => {
                    let stdin = crate::commands::reads_stdin(line).then_some(editor.as_str());
                    let out = p.run(line, stdin);
                    assert_eq!(
                        out.exit_code != 0,
                        step.fails,
                        "{}: {line}\n{}{}",
                        scenario.id,
                        out.stdout,
                        out.stderr
                    );
                    p.advance(Duration::from_secs(60));
                    outputs.push(out);
                }
            }
        }
        (p, outputs)
    }

    fn pods(p: &Playground, namespace: &str) -> Vec<(String, String, String)> {
        p.cluster()
            .store()
            .list("Pod", Some(namespace))
            .filter_map(|o| match o {
                Object::Pod(pod) => Some((
                    pod.metadata.name.clone(),
                    pod.spec.containers[0].image.clone().unwrap_or_default(),
                    pod.status.phase.clone().unwrap_or_default(),
                )),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn every_step_has_both_languages_and_an_action() {
        for scenario in SCENARIOS {
            assert!(!scenario.steps.is_empty());
            for step in scenario.steps {
                assert!(!step.text.en.is_empty() && !step.text.zh.is_empty());
                assert_ne!(step.text.en, step.text.zh, "{}", step.text.en);
            }
        }
        assert!(find("web").is_some() && find("nope").is_none());
    }

    #[test]
    fn web_ends_rolled_back_after_the_broken_rollout() {
        let (p, _) = walk(find("web").expect("web"));
        let pods = pods(&p, "default");
        let names: Vec<&str> = pods.iter().map(|(n, _, _)| n.as_str()).collect();
        assert_eq!(names, ["web-0", "web-1", "web-2"]);
        assert!(
            pods.iter()
                .all(|(_, image, phase)| image.ends_with(":0.10") && phase == "Running"),
            "{pods:?}"
        );
    }

    #[test]
    fn myapp_is_refused_until_both_mistakes_are_fixed() {
        let scenario = find("myapp").expect("myapp");
        let (p, outputs) = walk(scenario);
        let containers = &outputs[0].stderr;
        assert!(
            containers.contains("containers of type []v1.Container"),
            "{containers}"
        );
        let typo = &outputs[1].stderr;
        assert!(typo.contains("volumeClaimTemolates"), "{typo}");
        let pods = pods(&p, "default");
        assert_eq!(pods.len(), 5);
        let v2: Vec<&str> = pods
            .iter()
            .filter(|(_, image, _)| image.ends_with(":v2"))
            .map(|(n, _, _)| n.as_str())
            .collect();
        assert_eq!(v2, ["myapp-4"], "partition 4 keeps the others on v1");
    }

    #[test]
    fn zookeeper_uses_the_static_volumes_and_one_node_per_pod() {
        let (p, outputs) = walk(find("zookeeper").expect("zookeeper"));
        let claims = &outputs[2].stdout;
        for n in 0..3 {
            assert!(claims.contains(&format!("datadir-zk-{n}")), "{claims}");
        }
        assert!(claims.contains("pv00"), "{claims}");
        let pods = pods(&p, "zookeeper");
        assert_eq!(pods.len(), 3, "{pods:?}");
        let updated: Vec<&str> = pods
            .iter()
            .filter(|(_, image, _)| image.ends_with(":3.5.8"))
            .map(|(n, _, _)| n.as_str())
            .collect();
        assert_eq!(updated, ["zk-2"]);
    }

    #[test]
    fn nfs_keeps_the_file_across_a_pod_restart() {
        let (_, outputs) = walk(find("nfs").expect("nfs"));
        let first = &outputs[3].stdout;
        assert_eq!(first.trim(), "The host is examplestatefulset-0");
        let resolved = &outputs[4].stdout;
        assert!(resolved.contains("examplestatefulservice"), "{resolved}");
        let last = &outputs.last().expect("outputs").stdout;
        assert_eq!(last.lines().count(), 2, "{last}");
    }

    #[test]
    fn compare_keeps_set_names_and_renames_deployment_pods() {
        let (p, outputs) = walk(find("compare").expect("compare"));
        let owners = &outputs[2].stdout;
        assert!(
            owners.contains("statefulset.apps/web")
                && owners.contains("deployment.apps/web-deploy"),
            "{owners}"
        );
        let before = &outputs[3].stdout;
        let deploy_before: Vec<&str> = before
            .lines()
            .filter_map(|l| l.split_whitespace().next())
            .filter(|n| n.starts_with("web-deploy-"))
            .collect();
        assert_eq!(deploy_before.len(), 3, "{before}");
        let claims = &outputs[4].stdout;
        assert!(
            claims.contains("www-web-2") && claims.contains("www-shared"),
            "{claims}"
        );
        assert!(!claims.contains("www-web-deploy"), "{claims}");
        let after_scale = &outputs[7].stdout;
        assert!(
            after_scale.contains("www-web-2"),
            "claims outlive scale-down: {after_scale}"
        );
        let names: Vec<String> = pods(&p, "default").into_iter().map(|(n, _, _)| n).collect();
        let set: Vec<&str> = names
            .iter()
            .map(String::as_str)
            .filter(|n| !n.starts_with("web-deploy-"))
            .collect();
        assert_eq!(set, ["web-0", "web-1"], "{names:?}");
        let deploy: Vec<&String> = names
            .iter()
            .filter(|n| n.starts_with("web-deploy-"))
            .collect();
        assert_eq!(deploy.len(), 2, "{names:?}");
        assert!(
            deploy.iter().all(|n| !deploy_before.contains(&n.as_str())),
            "re-created Deployment pods get new names: {names:?} vs {deploy_before:?}"
        );
        let own = &outputs[11].stdout;
        assert!(own.contains("web-0.nginx"), "{own}");
        let shared = &outputs[12].stdout;
        assert!(shared.contains("nginx-deploy"), "{shared}");
    }

    #[test]
    fn daemonset_reaches_the_control_plane_only_while_tolerated_and_a_new_node() {
        let (p, outputs) = walk(find("daemonset").expect("daemonset"));
        let on_node = |out: &str, node: &str| {
            out.lines()
                .filter(|l| l.starts_with("fluentd-elasticsearch-"))
                .any(|l| l.split_whitespace().any(|w| w == node))
        };
        let before = &outputs[2].stdout;
        assert!(!on_node(before, "control-plane"), "{before}");
        assert!(on_node(before, "node-1"), "{before}");
        let tolerated = &outputs[5].stdout;
        assert!(on_node(tolerated, "control-plane"), "{tolerated}");
        let history = &outputs[8].stdout;
        assert!(history.lines().any(|l| l.starts_with('3')), "{history}");
        let last = &outputs[11].stdout;
        assert!(on_node(last, "node-4"), "{last}");
        assert!(
            !on_node(last, "control-plane"),
            "undone to revision 1: {last}"
        );
        let views = crate::node_view::nodes(p.cluster());
        let node4 = views.iter().find(|n| n.name == "node-4").expect("node-4");
        assert!(
            node4
                .pods
                .iter()
                .any(|n| n.starts_with("fluentd-elasticsearch-")),
            "the Nodes panel lists DaemonSet pods: {views:?}"
        );
    }
}
