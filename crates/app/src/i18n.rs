//! UI strings in English and Simplified Chinese. Every key must have both texts: the `match`
//! below is exhaustive, so a new key that is missing a translation does not compile.
//!
//! Kubernetes words that users type or read in kubectl output (Pod, StatefulSet, `Running`,
//! field names) stay as they are in both languages, as the Chinese tutorials do.

/// A UI language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    ZhHans,
}

impl Lang {
    /// The BCP 47 tag, used for `<html lang>` and stored in localStorage.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhHans => "zh-Hans",
        }
    }

    /// Reads a stored tag or a `?lang=` value; accepts `zh`, `zh-CN`, `zh-Hans`.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let tag = tag.trim().to_ascii_lowercase();
        if tag == "en" || tag.starts_with("en-") {
            Some(Lang::En)
        } else if tag == "zh" || tag.starts_with("zh-") {
            Some(Lang::ZhHans)
        } else {
            None
        }
    }

    /// The name of the language in itself, for the switch.
    pub fn endonym(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::ZhHans => "简体中文",
        }
    }
}

/// Every string the UI shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Tagline,
    Language,
    VirtualTime,
    Actions,
    Apply,
    ApplyShortcut,
    Replicas,
    ScaleDown,
    ScaleUp,
    Image,
    UpdateImage,
    Rollback,
    Reset,
    NoStatefulSet,
    NoSetYet,
    Manifest,
    ManifestLabel,
    EditorLoading,
    NoProblems,
    ProblemsFound,
    Pods,
    NoPods,
    Ready,
    Revision,
    Node,
    Ip,
    Restarts,
    Age,
    Delete,
    DeletePod,
    Volumes,
    NoClaims,
    Capacity,
    MountedBy,
    KeptNotMounted,
    Status,
    Desired,
    Current,
    Updated,
    Available,
    CurrentRevision,
    UpdateRevision,
    ObservedGeneration,
    Events,
    PodWatch,
    ClusterEvents,
    NoEvents,
    Settled,
    Busy,
    Time,
    Console,
    ConsoleInput,
    ConsolePlaceholder,
    ConsoleHint,
    StdinFromEditor,
    Run,
    Clear,
    Timeline,
    Play,
    Pause,
    Step,
    Speed,
    Settle,
    Scrubber,
    Rewound,
    BackToEnd,
    MarkCommand,
    MarkCreated,
    MarkReady,
    MarkDeleted,
    Guide,
    ChooseScenario,
    FreePlay,
    GuideIntro,
    RunStep,
    LoadStep,
    ShowFiles,
    NoFiles,
    InspectPod,
    Network,
    NoServices,
    Endpoints,
    DnsRecords,
    DnsName,
    DnsType,
    DnsValue,
    Nslookup,
    Lookup,
    Nodes,
    Taints,
    NoPodsOnNode,
    StopNode,
    StartNode,
    OpenFull,
    Share,
    ShareLink,
    LinkCopied,
    LinkCopyManually,
    LinkUnknownVersion,
    LinkDamaged,
    LinkNotASession,
    LinkKeptLocal,
    Dismiss,
    ErrorTitle,
    ErrorBody,
    Reload,
}

/// The text for `key` in `lang`.
pub fn t(lang: Lang, key: Key) -> &'static str {
    match lang {
        Lang::En => en(key),
        Lang::ZhHans => zh_hans(key),
    }
}

fn en(key: Key) -> &'static str {
    use Key::*;
    match key {
        Tagline => "A StatefulSet playground",
        Language => "Language",
        VirtualTime => "Virtual time",
        Actions => "Actions",
        Apply => "Apply",
        ApplyShortcut => "Ctrl+Enter or ⌘+Enter applies the manifest",
        Replicas => "Replicas",
        ScaleDown => "Remove one replica",
        ScaleUp => "Add one replica",
        Image => "Image",
        UpdateImage => "Update image",
        Rollback => "Roll back",
        Reset => "Reset",
        NoStatefulSet => "Apply a StatefulSet to enable these actions",
        NoSetYet => "No StatefulSet yet.",
        Manifest => "Manifest",
        ManifestLabel => "YAML manifest",
        EditorLoading => "Loading the editor…",
        NoProblems => "No problems found",
        ProblemsFound => "Problems",
        Pods => "Pods",
        NoPods => "No pods yet. Press Apply to create the StatefulSet.",
        Ready => "Ready",
        Revision => "Revision",
        Node => "Node",
        Ip => "IP",
        Restarts => "Restarts",
        Age => "Age",
        Delete => "Delete",
        DeletePod => "Delete pod",
        Volumes => "Volumes",
        NoClaims => "No PersistentVolumeClaims yet.",
        Capacity => "Capacity",
        MountedBy => "Mounted by",
        KeptNotMounted => "no pod (claim kept)",
        Status => "Status",
        Desired => "Desired",
        Current => "Current",
        Updated => "Updated",
        Available => "Available",
        CurrentRevision => "Current revision",
        UpdateRevision => "Update revision",
        ObservedGeneration => "Observed generation",
        Events => "Events",
        PodWatch => "Pod watch",
        ClusterEvents => "Cluster events",
        NoEvents => "Nothing has happened yet.",
        Settled => "Settled: nothing left to happen",
        Busy => "Events pending",
        Time => "Time",
        Console => "Console",
        ConsoleInput => "kubectl command",
        ConsolePlaceholder => "kubectl get pods",
        ConsoleHint => "Enter runs, ↑/↓ recall history; `kubectl apply -f -` reads the editor",
        StdinFromEditor => "stdin: the editor",
        Run => "Run",
        Clear => "Clear",
        Timeline => "Timeline",
        Play => "Play",
        Pause => "Pause",
        Step => "Step to the next event",
        Speed => "Speed",
        Settle => "Skip to settled",
        Scrubber => "History: drag or use the arrow keys to go back in time",
        Rewound => {
            "Showing the past. Play or run a command to continue from here (later history is dropped)."
        }
        BackToEnd => "Back to the end",
        MarkCommand => "command",
        MarkCreated => "pod created",
        MarkReady => "pod Ready",
        MarkDeleted => "pod deleted",
        Guide => "Guided scenarios",
        ChooseScenario => "Choose a guided scenario",
        FreePlay => "Free play (no guide)",
        GuideIntro => {
            "Pick a scenario to follow a tutorial step by step: each step loads a manifest or runs the kubectl command it explains."
        }
        RunStep => "Run this step",
        LoadStep => "Load into the editor",
        ShowFiles => "Show files",
        NoFiles => "no files (or the claim is not bound yet)",
        InspectPod => "Inspect the pod in the console",
        Network => "Network",
        NoServices => "No Services yet.",
        Endpoints => "Endpoints",
        DnsRecords => "DNS records served by cluster DNS",
        DnsName => "Name",
        DnsType => "Type",
        DnsValue => "Value",
        Nslookup => "nslookup (from a pod in default)",
        Lookup => "Look up",
        Nodes => "Nodes",
        Taints => "Taints",
        NoPodsOnNode => "no pods",
        StopNode => "Stop",
        StartNode => "Start",
        OpenFull => "Open in Ordinal ↗",
        Share => "Share",
        ShareLink => "Link to this session",
        LinkCopied => "Link copied. It holds your files, commands and the current time.",
        LinkCopyManually => "Copy this link to share the session:",
        LinkUnknownVersion => "This link was made by a version of Ordinal this page does not know.",
        LinkDamaged => "This link is damaged; perhaps it was cut off when pasted.",
        LinkNotASession => "This link does not hold an Ordinal session.",
        LinkKeptLocal => "Your own work from last time is kept.",
        Dismiss => "Dismiss",
        ErrorTitle => "Something went wrong.",
        ErrorBody => {
            "The simulator stopped after an internal error. Your manifest is saved; reload to carry on."
        }
        Reload => "Reload",
    }
}

fn zh_hans(key: Key) -> &'static str {
    use Key::*;
    match key {
        Tagline => "StatefulSet 演练场",
        Language => "语言",
        VirtualTime => "虚拟时间",
        Actions => "操作",
        Apply => "应用",
        ApplyShortcut => "按 Ctrl+Enter 或 ⌘+Enter 应用清单",
        Replicas => "副本数",
        ScaleDown => "减少一个副本",
        ScaleUp => "增加一个副本",
        Image => "镜像",
        UpdateImage => "更新镜像",
        Rollback => "回滚",
        Reset => "重置",
        NoStatefulSet => "先应用一个 StatefulSet，才能使用这些操作",
        NoSetYet => "还没有 StatefulSet。",
        Manifest => "清单",
        ManifestLabel => "YAML 清单",
        EditorLoading => "编辑器加载中…",
        NoProblems => "没有发现问题",
        ProblemsFound => "问题",
        Pods => "Pod",
        NoPods => "还没有 Pod。点击“应用”来创建 StatefulSet。",
        Ready => "就绪",
        Revision => "修订版本",
        Node => "节点",
        Ip => "IP",
        Restarts => "重启次数",
        Age => "存活时长",
        Delete => "删除",
        DeletePod => "删除 Pod",
        Volumes => "存储卷",
        NoClaims => "还没有 PersistentVolumeClaim。",
        Capacity => "容量",
        MountedBy => "挂载者",
        KeptNotMounted => "无 Pod 挂载（声明已保留）",
        Status => "状态",
        Desired => "期望",
        Current => "当前",
        Updated => "已更新",
        Available => "可用",
        CurrentRevision => "当前修订版本",
        UpdateRevision => "更新修订版本",
        ObservedGeneration => "已观测的代数",
        Events => "事件",
        PodWatch => "Pod 监视",
        ClusterEvents => "集群事件",
        NoEvents => "暂时还没有任何事件。",
        Settled => "已稳定：没有待发生的事件",
        Busy => "还有待发生的事件",
        Time => "时间",
        Console => "控制台",
        ConsoleInput => "kubectl 命令",
        ConsolePlaceholder => "kubectl get pods",
        ConsoleHint => "回车执行，↑/↓ 翻阅历史；`kubectl apply -f -` 读取编辑器内容",
        StdinFromEditor => "标准输入：编辑器",
        Run => "执行",
        Clear => "清空",
        Timeline => "时间线",
        Play => "播放",
        Pause => "暂停",
        Step => "前进到下一个事件",
        Speed => "速度",
        Settle => "跳到稳定状态",
        Scrubber => "历史：拖动或用方向键回到过去的时刻",
        Rewound => "正在查看过去。播放或执行命令将从此刻继续（之后的历史会被丢弃）。",
        BackToEnd => "回到最新",
        MarkCommand => "命令",
        MarkCreated => "Pod 已创建",
        MarkReady => "Pod 已就绪",
        MarkDeleted => "Pod 已删除",
        Guide => "引导场景",
        ChooseScenario => "选择一个引导场景",
        FreePlay => "自由练习（无引导）",
        GuideIntro => {
            "选择一个场景，按步骤跟着教程操作：每一步会载入一份清单，或执行它所讲解的 kubectl 命令。"
        }
        RunStep => "执行这一步",
        LoadStep => "载入编辑器",
        ShowFiles => "查看文件",
        NoFiles => "没有文件（或申请尚未绑定）",
        InspectPod => "在控制台中查看该 Pod",
        Network => "网络",
        NoServices => "还没有 Service。",
        Endpoints => "端点",
        DnsRecords => "集群 DNS 提供的记录",
        DnsName => "名称",
        DnsType => "类型",
        DnsValue => "值",
        Nslookup => "nslookup（从 default 命名空间的 Pod 中）",
        Lookup => "查询",
        Nodes => "节点",
        Taints => "污点",
        NoPodsOnNode => "没有 Pod",
        StopNode => "停止",
        StartNode => "启动",
        OpenFull => "在 Ordinal 中打开 ↗",
        Share => "分享",
        ShareLink => "本次会话的链接",
        LinkCopied => "链接已复制，其中包含你的文件、命令和当前时间。",
        LinkCopyManually => "复制此链接即可分享本次会话：",
        LinkUnknownVersion => "此链接由本页面无法识别的 Ordinal 版本生成。",
        LinkDamaged => "此链接已损坏，可能是粘贴时被截断了。",
        LinkNotASession => "此链接不包含 Ordinal 会话。",
        LinkKeptLocal => "你上次的工作内容已保留。",
        Dismiss => "关闭",
        ErrorTitle => "出错了。",
        ErrorBody => "模拟器遇到内部错误，已停止运行。清单已保存，重新加载即可继续。",
        Reload => "重新加载",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_round_trip() {
        for lang in [Lang::En, Lang::ZhHans] {
            assert_eq!(Lang::from_tag(lang.tag()), Some(lang));
        }
        assert_eq!(Lang::from_tag("zh-CN"), Some(Lang::ZhHans));
        assert_eq!(Lang::from_tag("fr"), None);
    }

    #[test]
    fn chinese_differs_from_english_except_technical_words() {
        // Words kept identical on purpose: IP and the kubectl example command.
        let same = [Key::Ip, Key::ConsolePlaceholder];
        for key in [
            Key::Apply,
            Key::Pods,
            Key::Reset,
            Key::Settle,
            Key::ErrorBody,
        ] {
            assert_ne!(t(Lang::En, key), t(Lang::ZhHans, key), "{key:?}");
        }
        for key in same {
            assert_eq!(t(Lang::En, key), t(Lang::ZhHans, key));
        }
    }
}
