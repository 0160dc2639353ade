<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>main</name>
    <message numerus="yes">
        <source>GPU · %n thread(s)</source>
        <translation>
            <numerusform>GPU · %n 个线程</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>CPU · %n thread(s)</source>
        <translation>
            <numerusform>CPU · %n 个线程</numerusform>
        </translation>
    </message>
    <message>
        <source>Device: %1 (%2)
LibTorch %3, CUDA available: %4</source>
        <translation>设备：%1（%2）
LibTorch %3，CUDA 可用：%4</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>not built</source>
        <translation>未包含</translation>
    </message>
    <message>
        <source>This build has no LibTorch compute module.</source>
        <translation>此版本不含 LibTorch 计算模块。</translation>
    </message>
    <message>
        <source>Fine-grained emotion recognition from multimodal session videos.</source>
        <translation>基于多模态会话视频的细粒度情绪识别。</translation>
    </message>
    <message>
        <source>Save the window as PNG once the first frame of FILE is shown (with --project and --session: once the session&apos;s stored predictions are drawn), then quit (exit code 1 when it cannot be opened or nothing is shown within 60 s).</source>
        <translation>在显示所给视频文件（“文件”参数）的第一帧后（若同时指定 --project 和 --session：在绘制出该会话已存储的预测结果后），将窗口保存为 PNG，然后退出（若无法打开文件或 60 s 内未显示任何内容，退出码为 1）。</translation>
    </message>
    <message>
        <source>png</source>
        <translation>png</translation>
    </message>
    <message>
        <source>User interface language, e.g. de or en.</source>
        <translation>界面语言，例如 de 或 en。</translation>
    </message>
    <message>
        <source>language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>project</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Show this session of the project (its id).</source>
        <translation>显示项目中的此会话（按其 ID 指定）。</translation>
    </message>
    <message>
        <source>id</source>
        <translation>id</translation>
    </message>
    <message>
        <source>panel</source>
        <translation>面板</translation>
    </message>
    <message>
        <source>Analyse the session of --project and --session in the background, sample the event loop&apos;s lateness every 10 ms until it ends, print the figures as JSON and quit.</source>
        <translation>在后台分析 --project 和 --session 所指定的会话，分析结束前每 10 ms 采样一次事件循环的延迟，然后以 JSON 格式输出统计数据并退出。</translation>
    </message>
    <message>
        <source>file</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Video file to open.</source>
        <translation>要打开的视频文件。</translation>
    </message>
    <message>
        <source>[file]</source>
        <translation>[文件]</translation>
    </message>
    <message>
        <source>Open the project of --project, show the session of --session, print how long each took as JSON and quit.</source>
        <translation>打开 --project 指定的项目，显示 --session 指定的会话，以 JSON 输出各自所用时间，然后退出。</translation>
    </message>
    <message>
        <source>With --screenshot and a session: heatmap, curves, timeline, subject, suggestions, agreement, rules or all (the window).</source>
        <translation>与 --screenshot 和会话一起使用：heatmap、curves、timeline、subject、suggestions、agreement、rules 或 all（整个窗口）。</translation>
    </message>
    <message>
        <source>With --session: draw this model&apos;s curves (its id in the project) dashed beside the shown model&apos;s.</source>
        <translation>与 --session 一起使用:以虚线在当前模型曲线旁绘制此模型(其在项目中的 ID)的曲线。</translation>
    </message>
    <message>
        <source>model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Open this project: a .stf2m file, or postgresql://user@host[:port]/db on a team server.</source>
        <translation>打开此项目：.stf2m 文件，或团队服务器上的 postgresql://用户@主机[:端口]/数据库。</translation>
    </message>
</context>
<context>
    <name>stf2m::ui::AddSessionDialog</name>
    <message>
        <source>Add Session</source>
        <translation>添加会话</translation>
    </message>
    <message>
        <source>A subject of the project, or a new pseudonymous code</source>
        <translation>项目中已有的受试者，或新的假名编码</translation>
    </message>
    <message>
        <source>e.g. intake, week 3</source>
        <translation>例如：初诊、第 3 周</translation>
    </message>
    <message>
        <source>&amp;Subject:</source>
        <translation>受试者(&amp;S)：</translation>
    </message>
    <message>
        <source>Session &amp;name:</source>
        <translation>会话名称(&amp;N)：</translation>
    </message>
    <message>
        <source>Media file</source>
        <translation>媒体文件</translation>
    </message>
    <message>
        <source>Offset (s)</source>
        <translation>偏移量 (s)</translation>
    </message>
    <message>
        <source>The offset is the session time at which the file&apos;s own time 0 plays</source>
        <translation>偏移量是该文件自身时间 0 开始播放时所对应的会话时间</translation>
    </message>
    <message>
        <source>&amp;Add Files…</source>
        <translation>添加文件(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>移除(&amp;R)</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Add Media Files</source>
        <translation>添加媒体文件</translation>
    </message>
    <message>
        <source>Media (*.mp4 *.m4v *.mov *.mkv *.webm *.avi *.mts *.m2ts *.wmv *.mpg *.mpeg *.wav *.flac *.mp3 *.m4a *.ogg *.opus);;All files (*)</source>
        <translation>媒体 (*.mp4 *.m4v *.mov *.mkv *.webm *.avi *.mts *.m2ts *.wmv *.mpg *.mpeg *.wav *.flac *.mp3 *.m4a *.ogg *.opus);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Choose or type a subject code.</source>
        <translation>请选择或输入受试者编码。</translation>
    </message>
    <message>
        <source>Name the session.</source>
        <translation>请为会话命名。</translation>
    </message>
    <message>
        <source>Add at least one media file.</source>
        <translation>请至少添加一个媒体文件。</translation>
    </message>
</context>
<context>
    <name>stf2m::ui::AgreementPanel</name>
    <message>
        <source>Raters</source>
        <translation>评分者</translation>
    </message>
    <message>
        <source>All raters: Krippendorff&apos;s α %1, Fleiss&apos; κ %2 (frames every rater labelled)</source>
        <translation>所有评分者：Krippendorff α %1，Fleiss κ %2（所有评分者都标注的帧）</translation>
    </message>
    <message>
        <source>all raters: Krippendorff&apos;s α</source>
        <translation>所有评分者：Krippendorff α</translation>
    </message>
    <message numerus="yes">
        <source>%n frame(s) both labelled</source>
        <translation>
            <numerusform>%n 帧双方均已标注</numerusform>
        </translation>
    </message>
    <message>
        <source>The model against a rater (fewer than two human raters to compare with)</source>
        <translation>模型对一位评分者（可比较的人工评分者少于两位）</translation>
    </message>
    <message>
        <source>The model agrees with this rater as well as the raters agree with each other</source>
        <translation>模型与该评分者的一致性与评分者之间的一致性相当</translation>
    </message>
    <message>
        <source>The model&apos;s agreement is outside the human range</source>
        <translation>模型的一致性超出人工范围</translation>
    </message>
    <message>
        <source>Agreement</source>
        <translation>一致性</translation>
    </message>
    <message>
        <source>CCC</source>
        <translation>CCC</translation>
    </message>
    <message>
        <source>κ</source>
        <translation>κ</translation>
    </message>
    <message>
        <source>Traces resampled to 25 Hz over the time all raters traced: Lin&apos;s CCC per pair, ICC(2,1) and Krippendorff&apos;s α (interval) for all raters</source>
        <translation>连续标注在所有评分者都标注的时间段内重采样到 25 Hz:每对的 Lin CCC,全部评分者的 ICC(2,1) 与 Krippendorff α(区间)</translation>
    </message>
    <message>
        <source>all raters: ICC(2,1)</source>
        <translation>全部评分者:ICC(2,1)</translation>
    </message>
    <message>
        <source>all raters: Krippendorff&apos;s α (interval)</source>
        <translation>全部评分者:Krippendorff α(区间)</translation>
    </message>
    <message>
        <source>human pairs: range of %1</source>
        <translation>人工评分对:%1 的范围</translation>
    </message>
    <message>
        <source>%1 vs %2 · %3</source>
        <translation>%1 对 %2 · %3</translation>
    </message>
    <message numerus="yes">
        <source>%n sample(s) both traced</source>
        <translation>
            <numerusform>双方均标注的 %n 个采样</numerusform>
        </translation>
    </message>
    <message>
        <source>No agreement yet: it needs segments of the emotion scheme by at least one rater and the model&apos;s predictions, or two raters (or traces by two raters).</source>
        <translation>尚无一致性:需要至少一位评分者的情绪方案片段和模型预测,或两位评分者(或两位评分者的连续标注)。</translation>
    </message>
    <message>
        <source>At 25 Hz; for the emotion scheme the shown model is one more rater.</source>
        <translation>25 Hz;对于情绪方案,当前模型算作又一位评分者。</translation>
    </message>
</context>
<context>
    <name>stf2m::ui::AnalysisJobs</name>
    <message>
        <source>Cancelled; stored results are unchanged</source>
        <translation>已取消；已存储的结果保持不变</translation>
    </message>
</context>
<context>
    <name>stf2m::ui::AnnotationTiers</name>
    <message>
        <source>%1: %2 at %3 s</source>
        <translation>%1：%2（%3 s 处）</translation>
    </message>
    <message>
        <source>%1: %2, %3–%4 s</source>
        <translation>%1：%2，%3–%4 s</translation>
    </message>
    <message>
        <source> (confidence %1)</source>
        <translation>（置信度 %1）</translation>
    </message>
    <message>
        <source>No annotation tiers: the session has no segments or traces yet</source>
        <translation>无标注层：该会话尚无片段或连续轨迹</translation>
    </message>
    <message>
        <source>Drag here to paint %1 (up: %2, down: %3)</source>
        <translation>在此拖动以绘制 %1(上:%2,下:%3)</translation>
    </message>
</context>
<context>
    <name>stf2m::ui::AudioEnvelopePlot</name>
    <message>
        <source>dB</source>
        <translation>dB</translation>
    </message>
    <message>
        <source>Audio level (RMS per 10 ms). Click or drag to seek, scroll to zoom, double-click to see all.</source>
        <translation>音频电平（每 10 ms 的 RMS）。单击或拖动以定位，滚动以缩放，双击以查看全部。</translation>
    </message>
</context>
<context>
    <name>stf2m::ui::AudioPlayback</name>
    <message>
        <source>No audio output device: playing without sound.</source>
        <translation>没有音频输出设备：将无声播放。</translation>
    </message>
    <message>
        <source>The audio output device takes no format this player writes: playing without sound.</source>
        <translation>音频输出设备不接受本播放器输出的任何格式：将无声播放。</translation>
    </message>
    <message>
        <source>The audio could not be read (%1): playing without sound.</source>
        <translation>无法读取音频（%1）：将无声播放。</translation>
    </message>
    <message>
        <source>The audio output could not be started: playing without sound.</source>
        <translation>无法启动音频输出：将无声播放。</translation>
    </message>
</context>
<context>
    <name>stf2m::ui::EmotionCurves</name>
    <message>
        <source>probability</source>
        <translation>概率</translation>
    </message>
    <message>
        <source>confidence</source>
        <translation>置信度</translation>
    </message>
    <message>
        <source>session time (s)</source>
        <translation>会话时间 (s)</translation>
    </message>
    <message>
        <source>%1 (compared)</source>
        <translation>%1(对比)</translation>
    </message>
</context>
<context>
    <name>stf2m::ui::ErrorMessages</name>
    <message>
        <source>the file</source>
        <translation>该文件</translation>
    </message>
    <message>
        <source>The file “%1” does not exist.</source>
        <translation>文件“%1”不存在。</translation>
    </message>
    <message>
        <source>The file “%1” cannot be read.</source>
        <translation>无法读取文件“%1”。</translation>
    </message>
    <message>
        <source>The file “%1” is empty.</source>
        <translation>文件“%1”为空。</translation>
    </message>
    <message>
        <source>The file “%1” is not a video or audio file that can be opened.</source>
        <translation>文件“%1”不是可打开的视频或音频文件。</translation>
    </message>
    <message>
        <source>The file “%1” contains no video stream.</source>
        <translation>文件“%1”不含视频流。</translation>
    </message>
    <message>
        <source>The file “%1” contains no audio stream.</source>
        <translation>文件“%1”不含音频流。</translation>
    </message>
    <message>
        <source>The file “%1” uses a codec that this installation cannot decode.</source>
        <translation>文件“%1”使用了当前安装无法解码的编解码器。</translation>
    </message>
    <message>
        <source>The file “%1” is damaged and cannot be decoded.</source>
        <translation>文件“%1”已损坏，无法解码。</translation>
    </message>
    <message>
        <source>The requested position lies outside “%1”.</source>
        <translation>请求的位置超出了“%1”的范围。</translation>
    </message>
    <message>
        <source>An invalid request was made for “%1”.</source>
        <translation>对“%1”发出了无效的请求。</translation>
    </message>
    <message>
        <source>Reading “%1” was cancelled.</source>
        <translation>已取消读取“%1”。</translation>
    </message>
    <message>
        <source>An internal error occurred while reading “%1”.</source>
        <translation>读取“%1”时发生内部错误。</translation>
    </message>
</context>
<context>
    <name>stf2m::ui::InferenceWorker</name>
    <message>
        <source>The GPU could not run the model (%1); the analysis runs on the CPU.</source>
        <translation>GPU 无法运行该模型（%1）；分析将在 CPU 上运行。</translation>
    </message>
    <message>
        <source>%1 windows, %2 face views, %3 voice views, %4 without a view; feature chunks: %5 computed, %6 from the cache</source>
        <translation>%1 个窗口，%2 个人脸视图，%3 个语音视图，%4 个无视图；特征块：%5 个新计算，%6 个取自缓存</translation>
    </message>
    <message>
        <source>%1: unexpected error: %2</source>
        <translation>%1：意外错误：%2</translation>
    </message>
    <message>
        <source>CUDA is not available (%1); the job runs on the CPU.</source>
        <translation>CUDA 不可用（%1）；任务在 CPU 上运行。</translation>
    </message>
    <message>
        <source>no labelled segment could test it</source>
        <translation>没有可用于检验的已标注片段</translation>
    </message>
    <message numerus="yes">
        <source>on %n held-out segment(s)</source>
        <translation>
            <numerusform>在 %n 个留出片段上</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>leave-one-out over %n support segment(s)</source>
        <translation>
            <numerusform>对 %n 个支持片段留一法</numerusform>
        </translation>
    </message>
    <message>
        <source>adapted %1 %</source>
        <translation>适配后 %1 %</translation>
    </message>
    <message>
        <source>previous model %1 %</source>
        <translation>先前模型 %1 %</translation>
    </message>
    <message numerus="yes">
        <source>Adapted to %1 (support set %2, %n clip(s)): %3. Accuracy %4. %5 session(s) re-predicted; adaptation took %6 s.</source>
        <translation>
            <numerusform>已适配到 %1（支持集 %2，%n 个片段）：%3。准确率 %4。已重新预测 %5 个会话；适配耗时 %6 秒。</numerusform>
        </translation>
    </message>
    <message>
        <source>Labelled by %1.</source>
        <translation>标注依据：%1。</translation>
    </message>
    <message numerus="yes">
        <source>Chosen by holding out %n support clip(s) in turn: %1 answered right.</source>
        <translation>
            <numerusform>依次留出 %n 个支持片段进行选择：%1 个回答正确。</numerusform>
        </translation>
    </message>
    <message>
        <source>No clip could be held out (a class has a single clip), so the default was kept.</source>
        <translation>无法留出片段（某一类别只有一个片段），因此保留默认设置。</translation>
    </message>
</context>
<context>
    <name>stf2m::ui::JobsPanel</name>
    <message>
        <source>queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>–</source>
        <translation>–</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>ETA</source>
        <translation>剩余时间</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Cancel Job</source>
        <translation>取消任务</translation>
    </message>
    <message>
        <source>Stops the selected job (or the running one); results already stored stay as they were</source>
        <translation>停止所选任务（或正在运行的任务）；已存储的结果保持不变</translation>
    </message>
</context>
<context>
    <name>stf2m::ui::MainWindow</name>
    <message>
        <source>Open a session video with File ▸ Open… (Ctrl+O) or drop a file here.</source>
        <translation>请通过 文件 ▸ 打开…（Ctrl+O）打开会话视频，或将文件拖放到此处。</translation>
    </message>
    <message>
        <source>Media Information</source>
        <translation>媒体信息</translation>
    </message>
    <message>
        <source>Reading audio… %1%</source>
        <translation>正在读取音频… %1%</translation>
    </message>
    <message>
        <source>No audio stream</source>
        <translation>无音频流</translation>
    </message>
    <message>
        <source>The audio could not be read: %1</source>
        <translation>无法读取音频：%1</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>查看(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Navigate</source>
        <translation>导航(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;About ST-F2M Studio</source>
        <translation>关于 ST-F2M Studio(&amp;A)</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>审阅</translation>
    </message>
    <message>
        <source>Jobs</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message numerus="yes">
        <source>Opened project %1: %n session(s)</source>
        <translation>
            <numerusform>已打开项目 %1：%n 个会话</numerusform>
        </translation>
    </message>
    <message>
        <source>Media Missing</source>
        <translation>媒体缺失</translation>
    </message>
    <message numerus="yes">
        <source>%n media file(s) of this project are not where the project says.</source>
        <translation>
            <numerusform>此项目中有 %n 个媒体文件不在项目所记录的位置。</numerusform>
        </translation>
    </message>
    <message>
        <source>Sessions with missing media are marked in the Project panel; their tool tips name the files.</source>
        <translation>缺失媒体的会话已在“项目”面板中标出；其工具提示会列出相应文件。</translation>
    </message>
    <message>
        <source>Exported %1</source>
        <translation>已导出 %1</translation>
    </message>
    <message>
        <source>Session added</source>
        <translation>已添加会话</translation>
    </message>
    <message>
        <source>Media relinked; the file has the recorded content.</source>
        <translation>已重新链接媒体；该文件的内容与记录一致。</translation>
    </message>
    <message>
        <source>Different Content</source>
        <translation>内容不同</translation>
    </message>
    <message>
        <source>This file is not the recording the project holds.</source>
        <translation>此文件不是项目中保存的那份录像。</translation>
    </message>
    <message>
        <source>Use it anyway? Its stored analysis then describes another recording.</source>
        <translation>仍要使用吗？这样一来，其已存储的分析结果描述的将是另一份录像。</translation>
    </message>
    <message>
        <source>Analysis Failed</source>
        <translation>分析失败</translation>
    </message>
    <message>
        <source>“%1” failed.</source>
        <translation>“%1”失败。</translation>
    </message>
    <message>
        <source>A job failed.</source>
        <translation>有任务失败。</translation>
    </message>
    <message>
        <source>&amp;Playback</source>
        <translation>播放(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Play / Pause</source>
        <translation>播放/暂停(&amp;P)</translation>
    </message>
    <message>
        <source>Shuttle &amp;Backwards</source>
        <translation>反向穿梭(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>停止(&amp;S)</translation>
    </message>
    <message>
        <source>Shuttle &amp;Forwards</source>
        <translation>正向穿梭(&amp;F)</translation>
    </message>
    <message>
        <source>Spee&amp;d</source>
        <translation>速度(&amp;D)</translation>
    </message>
    <message>
        <source>%1×</source>
        <translation>%1×</translation>
    </message>
    <message>
        <source>Pre&amp;vious Segment</source>
        <translation>上一个片段(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Next Segment</source>
        <translation>下一个片段(&amp;N)</translation>
    </message>
    <message>
        <source>No segment after this point</source>
        <translation>此位置之后没有片段</translation>
    </message>
    <message>
        <source>No segment before this point</source>
        <translation>此位置之前没有片段</translation>
    </message>
    <message>
        <source>&amp;New Project…</source>
        <translation>新建项目(&amp;N)…</translation>
    </message>
    <message>
        <source>Open &amp;Project…</source>
        <translation>打开项目(&amp;P)…</translation>
    </message>
    <message>
        <source>Recent Pro&amp;jects</source>
        <translation>最近的项目(&amp;J)</translation>
    </message>
    <message>
        <source>&amp;Add Session…</source>
        <translation>添加会话(&amp;A)…</translation>
    </message>
    <message>
        <source>Re&amp;link Missing Media…</source>
        <translation>重新链接缺失媒体(&amp;L)…</translation>
    </message>
    <message>
        <source>Pre&amp;ferences…</source>
        <translation>首选项(&amp;F)…</translation>
    </message>
    <message>
        <source>New jobs run on: %1</source>
        <translation>新任务运行于：%1</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <source>Membership &amp;Heatmap as Image…</source>
        <translation>隶属度热图图像(&amp;H)…</translation>
    </message>
    <message>
        <source>Emotion &amp;Curves as Image…</source>
        <translation>情绪曲线图像(&amp;C)…</translation>
    </message>
    <message>
        <source>Annotation &amp;Tiers as Image…</source>
        <translation>标注层图像(&amp;T)…</translation>
    </message>
    <message>
        <source>&amp;Predictions as CSV…</source>
        <translation>预测结果 CSV(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Face Overlay</source>
        <translation>人脸叠加(&amp;F)</translation>
    </message>
    <message>
        <source>The subject&apos;s face box, landmarks and track id over the video (from the analysis)</source>
        <translation>在视频上叠加显示受试者的人脸框、特征点和跟踪 ID（来自分析结果）</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Whole Session</source>
        <translation>整个会话(&amp;W)</translation>
    </message>
    <message>
        <source>Scroll &amp;Back</source>
        <translation>向左滚动(&amp;B)</translation>
    </message>
    <message>
        <source>Scroll &amp;Forward</source>
        <translation>向右滚动(&amp;F)</translation>
    </message>
    <message>
        <source>Heatmap &amp;Colour</source>
        <translation>热图颜色(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Probability</source>
        <translation>概率(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Low</source>
        <translation>低(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Medium</source>
        <translation>中(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;High</source>
        <translation>高(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Analysis</source>
        <translation>分析(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Analyse Session</source>
        <translation>分析会话(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Cancel All Jobs</source>
        <translation>取消所有任务(&amp;C)</translation>
    </message>
    <message>
        <source>Compute &amp;Device</source>
        <translation>计算设备(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Automatic (GPU when there is one)</source>
        <translation>自动（有 GPU 时使用 GPU）(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;CPU</source>
        <translation>CPU(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;GPU (CUDA)</source>
        <translation>GPU（CUDA）(&amp;G)</translation>
    </message>
    <message>
        <source>Indexing %p%</source>
        <translation>正在建立索引 %p%</translation>
    </message>
    <message>
        <source>Compute: %1</source>
        <translation>计算：%1</translation>
    </message>
    <message>
        <source>Open Session Video</source>
        <translation>打开会话视频</translation>
    </message>
    <message>
        <source>Videos (*.mp4 *.m4v *.mov *.mkv *.webm *.avi *.mts *.m2ts *.wmv *.mpg *.mpeg);;All files (*)</source>
        <translation>视频 (*.mp4 *.m4v *.mov *.mkv *.webm *.avi *.mts *.m2ts *.wmv *.mpg *.mpeg);;所有文件 (*)</translation>
    </message>
    <message>
        <source>About ST-F2M Studio</source>
        <translation>关于 ST-F2M Studio</translation>
    </message>
    <message>
        <source>&lt;h3&gt;ST-F2M Studio %1&lt;/h3&gt;&lt;p&gt;Fine-grained emotion recognition from multimodal session videos.&lt;/p&gt;&lt;p&gt;Free software under the GNU General Public License, version 3 or later.&lt;/p&gt;&lt;p&gt;Qt %2&lt;/p&gt;</source>
        <translation>&lt;h3&gt;ST-F2M Studio %1&lt;/h3&gt;&lt;p&gt;基于多模态会话视频的细粒度情绪识别。&lt;/p&gt;&lt;p&gt;自由软件，依据 GNU 通用公共许可证（GNU General Public License）第 3 版或更高版本发布。&lt;/p&gt;&lt;p&gt;Qt %2&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Open Project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <source>ST-F2M projects (*.stf2m);;All files (*)</source>
        <translation>ST-F2M 项目 (*.stf2m);;所有文件 (*)</translation>
    </message>
    <message>
        <source>New Project</source>
        <translation>新建项目</translation>
    </message>
    <message>
        <source>ST-F2M projects (*.stf2m)</source>
        <translation>ST-F2M 项目 (*.stf2m)</translation>
    </message>
    <message>
        <source>Project name:</source>
        <translation>项目名称：</translation>
    </message>
    <message>
        <source>Open or create a project first (File ▸ Open Project…).</source>
        <translation>请先打开或创建一个项目（文件 ▸ 打开项目…）。</translation>
    </message>
    <message>
        <source>Adding session %1 (probing and hashing its media)…</source>
        <translation>正在添加会话 %1（探测媒体并计算其哈希值）…</translation>
    </message>
    <message>
        <source>The session on screen has no missing media.</source>
        <translation>当前显示的会话没有缺失的媒体。</translation>
    </message>
    <message>
        <source>Locate %1</source>
        <translation>查找 %1</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>The session&apos;s video is missing: %1
File ▸ Relink Missing Media… finds it again.</source>
        <translation>该会话的视频缺失：%1
可通过 文件 ▸ 重新链接缺失媒体… 重新找到它。</translation>
    </message>
    <message>
        <source>This session has no video.</source>
        <translation>此会话没有视频。</translation>
    </message>
    <message>
        <source>Choose a session of a project first (File ▸ Open Project…).</source>
        <translation>请先选择一个项目中的会话（文件 ▸ 打开项目…）。</translation>
    </message>
    <message>
        <source>The session cannot be analysed while its media are missing.</source>
        <translation>媒体缺失时无法分析该会话。</translation>
    </message>
    <message>
        <source>Relink the files in the Project panel first.</source>
        <translation>请先在“项目”面板中重新链接这些文件。</translation>
    </message>
    <message>
        <source>Analyse %1 / %2</source>
        <translation>分析 %1 / %2</translation>
    </message>
    <message>
        <source>%1: %2 %3% · ETA %4</source>
        <translation>%1：%2 %3% · 剩余时间 %4</translation>
    </message>
    <message>
        <source>Device: %1</source>
        <translation>设备：%1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Export Plot</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <source>Cannot Export</source>
        <translation>无法导出</translation>
    </message>
    <message>
        <source>The session on screen has no stored predictions to export.</source>
        <translation>当前显示的会话没有可导出的已存储预测结果。</translation>
    </message>
    <message>
        <source>Export Predictions</source>
        <translation>导出预测结果</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Opening “%1”…</source>
        <translation>正在打开“%1”…</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>正在打开 %1…</translation>
    </message>
    <message numerus="yes">
        <source>Opened %1: %n frame(s)</source>
        <translation>
            <numerusform>已打开 %1：%n 帧</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Opened %1 with %n warning(s); see Media Information</source>
        <translation>
            <numerusform>已打开 %1，有 %n 条警告；请参阅“媒体信息”</numerusform>
        </translation>
    </message>
    <message>
        <source>Reading audio…</source>
        <translation>正在读取音频…</translation>
    </message>
    <message>
        <source>File: %1</source>
        <translation>文件：%1</translation>
    </message>
    <message>
        <source>Cannot Open File</source>
        <translation>无法打开文件</translation>
    </message>
    <message>
        <source>Frame %1 could not be shown: %2</source>
        <translation>无法显示第 %1 帧：%2</translation>
    </message>
    <message>
        <source>Analyse with Another &amp;Model…</source>
        <translation>用其他模型分析(&amp;M)…</translation>
    </message>
    <message>
        <source>Choose a Model</source>
        <translation>选择模型</translation>
    </message>
    <message>
        <source>ST-F2M models (*.stf2m)</source>
        <translation>ST-F2M 模型 (*.stf2m)</translation>
    </message>
    <message>
        <source>Analyse %1 / %2 with %3</source>
        <translation>用 %3 分析 %1 / %2</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)</source>
        <translation>PNG 图像 (*.png);;SVG 矢量图 (*.svg);;PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <source>A&amp;nnotate</source>
        <translation>标注(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>Mark &amp;In</source>
        <translation>标记起点(&amp;I)</translation>
    </message>
    <message>
        <source>Mark &amp;Out</source>
        <translation>标记终点(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Clear Marks and Selection</source>
        <translation>清除标记和选择(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Delete Segment</source>
        <translation>删除片段(&amp;D)</translation>
    </message>
    <message>
        <source>Label with the scheme&apos;s keys (shown under the tiers)</source>
        <translation>用方案的按键标注（显示在标注层下方）</translation>
    </message>
    <message>
        <source>%1–%2 s marked: press a label key</source>
        <translation>已标记 %1–%2 秒：按标签键</translation>
    </message>
    <message>
        <source>I / O mark in and out, then a key labels (%1): %2</source>
        <translation>I / O 标记起点和终点，然后按键标注（%1）：%2</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>受试者</translation>
    </message>
    <message>
        <source>Adapt to &amp;Subject</source>
        <translation>适配到受试者(&amp;S)</translation>
    </message>
    <message>
        <source>No Subject</source>
        <translation>没有受试者</translation>
    </message>
    <message>
        <source>Show a session of the subject to adapt to.</source>
        <translation>请显示要适配的受试者的一个会话。</translation>
    </message>
    <message>
        <source>Cannot Adapt</source>
        <translation>无法适配</translation>
    </message>
    <message>
        <source>The folder for adapted models cannot be created: %1</source>
        <translation>无法创建适配模型的文件夹：%1</translation>
    </message>
    <message>
        <source>Adapt to %1</source>
        <translation>适配到 %1</translation>
    </message>
    <message>
        <source>Label Next</source>
        <translation>下一步标注</translation>
    </message>
    <message>
        <source>Cannot Accept</source>
        <translation>无法采纳</translation>
    </message>
    <message>
        <source>The label scheme has no category “%1”.</source>
        <translation>标签方案中没有类别“%1”。</translation>
    </message>
    <message>
        <source>Move Segment &amp;Start to Cursor</source>
        <translation>将片段起点移到光标处(&amp;S)</translation>
    </message>
    <message>
        <source>Move Segment &amp;End to Cursor</source>
        <translation>将片段终点移到光标处(&amp;E)</translation>
    </message>
    <message>
        <source>S&amp;plit Segment at Cursor</source>
        <translation>在光标处拆分片段(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Merge with Next Segment</source>
        <translation>与下一片段合并(&amp;M)</translation>
    </message>
    <message>
        <source>Agreement</source>
        <translation>一致性</translation>
    </message>
    <message>
        <source>Rules</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Paint &amp;Trace</source>
        <translation>绘制连续标注(&amp;T)</translation>
    </message>
    <message>
        <source>Drag on the tier “%1 · %2” to paint %2: up is %3, down is %4. Undo takes a stroke back.</source>
        <translation>在“%1 · %2”层上拖动以绘制 %2:上为 %3,下为 %4。撤销可收回一笔。</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Drag on your %1 tier; %2 to %3</source>
        <translation>在您的 %1 层上拖动;%2 至 %3</translation>
    </message>
    <message>
        <source>Toggle Selected Segment in Support Set</source>
        <translation>将所选片段加入或移出支持集</translation>
    </message>
    <message>
        <source>Select one of your labelled segments on its tier first.</source>
        <translation>请先在层上选择一个您标注的片段。</translation>
    </message>
    <message>
        <source>The segment is in the support set.</source>
        <translation>该片段已在支持集中。</translation>
    </message>
    <message>
        <source>The segment is left out of the support set.</source>
        <translation>该片段已移出支持集。</translation>
    </message>
    <message>
        <source>Open &amp;Team Project…</source>
        <translation>打开团队项目(&amp;T)…</translation>
    </message>
    <message>
        <source>Open Team Project</source>
        <translation>打开团队项目</translation>
    </message>
    <message>
        <source>Server database (postgresql://user@host[:port]/database).
Passwords come from ~/.pgpass or PGPASSWORD, never from this field.</source>
        <translation>服务器数据库（postgresql://用户@主机[:端口]/数据库）。
密码来自 ~/.pgpass 或 PGPASSWORD，绝不来自此字段。</translation>
    </message>
    <message>
        <source>Not a Server Address</source>
        <translation>不是服务器地址</translation>
    </message>
    <message>
        <source>“%1” does not start with postgresql://. Open a project file with File ▸ Open Project….</source>
        <translation>“%1”不是以 postgresql:// 开头。请用 文件 ▸ 打开项目… 打开项目文件。</translation>
    </message>
    <message>
        <source>Connected to the project&apos;s server again; the session on screen was read anew.</source>
        <translation>已重新连接到项目服务器；已重新读取当前显示的会话。</translation>
    </message>
    <message>
        <source>Server unreachable — reconnecting…</source>
        <translation>服务器无法访问 — 正在重新连接…</translation>
    </message>
</context>
<context>
    <name>stf2m::ui::MediaInfoPanel</name>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>%1 (%2 s)</source>
        <translation>%1 (%2 s)</translation>
    </message>
    <message>
        <source>%1 kbit/s</source>
        <translation>%1 kbit/s</translation>
    </message>
    <message>
        <source>video</source>
        <translation>视频</translation>
    </message>
    <message>
        <source>audio</source>
        <translation>音频</translation>
    </message>
    <message>
        <source>subtitles</source>
        <translation>字幕</translation>
    </message>
    <message>
        <source>data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>attachment</source>
        <translation>附件</translation>
    </message>
    <message>
        <source>%1 fps</source>
        <translation>%1 fps</translation>
    </message>
    <message>
        <source>Property</source>
        <translation>属性</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Copy as JSON</source>
        <translation>复制为 JSON</translation>
    </message>
    <message>
        <source>Copy the full probe result to the clipboard</source>
        <translation>将完整的探测结果复制到剪贴板</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Container</source>
        <translation>容器格式</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Bit rate</source>
        <translation>比特率</translation>
    </message>
    <message>
        <source>Start time</source>
        <translation>起始时间</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>警告</translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s) while indexing</source>
        <translation>
            <numerusform>建立索引时发现 %n 个问题</numerusform>
        </translation>
    </message>
    <message>
        <source>Stream %1</source>
        <translation>流 %1</translation>
    </message>
    <message>
        <source>Codec</source>
        <translation>编解码器</translation>
    </message>
    <message>
        <source>Decoder</source>
        <translation>解码器</translation>
    </message>
    <message>
        <source>not available in this installation</source>
        <translation>当前安装中不可用</translation>
    </message>
    <message>
        <source>Frame size</source>
        <translation>帧尺寸</translation>
    </message>
    <message>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
    <message>
        <source>Display size</source>
        <translation>显示尺寸</translation>
    </message>
    <message>
        <source>Pixel format</source>
        <translation>像素格式</translation>
    </message>
    <message>
        <source>Pixel aspect ratio</source>
        <translation>像素宽高比</translation>
    </message>
    <message>
        <source>Frame rate</source>
        <translation>帧率</translation>
    </message>
    <message>
        <source>average %1/%2, base %3/%4</source>
        <translation>平均 %1/%2，时基 %3/%4</translation>
    </message>
    <message numerus="yes">
        <source>frame interval %1–%2 ms over %n frame(s)</source>
        <translation>
            <numerusform>%n 帧的帧间隔为 %1–%2 ms</numerusform>
        </translation>
    </message>
    <message>
        <source>Frame rate mode</source>
        <translation>帧率模式</translation>
    </message>
    <message>
        <source>variable</source>
        <translation>可变</translation>
    </message>
    <message>
        <source>constant</source>
        <translation>恒定</translation>
    </message>
    <message>
        <source>Rotation</source>
        <translation>旋转</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>%1° clockwise, mirrored</source>
        <translation>顺时针 %1°，镜像</translation>
    </message>
    <message>
        <source>%1° clockwise</source>
        <translation>顺时针 %1°</translation>
    </message>
    <message>
        <source>Frames</source>
        <translation>帧数</translation>
    </message>
    <message>
        <source>Sample rate</source>
        <translation>采样率</translation>
    </message>
    <message>
        <source>%1 Hz</source>
        <translation>%1 Hz</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>声道</translation>
    </message>
    <message>
        <source>Sample format</source>
        <translation>采样格式</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
</context>
<context>
    <name>stf2m::ui::MembershipHeatmap</name>
    <message>
        <source>membership of “low”</source>
        <translation>“低”的隶属度</translation>
    </message>
    <message>
        <source>membership of “medium”</source>
        <translation>“中”的隶属度</translation>
    </message>
    <message>
        <source>membership of “high”</source>
        <translation>“高”的隶属度</translation>
    </message>
    <message>
        <source>probability</source>
        <translation>概率</translation>
    </message>
    <message>
        <source>–</source>
        <translation>–</translation>
    </message>
    <message>
        <source>Fuzzy membership per view</source>
        <translation>各视图的模糊隶属度</translation>
    </message>
    <message>
        <source>Probability</source>
        <translation>概率</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>中</translation>
    </message>
    <message>
        <source>High</source>
        <translation>高</translation>
    </message>
    <message>
        <source>What the colour shows: the view&apos;s probability of the emotion, or the membership of one linguistic term of its fuzzy rules</source>
        <translation>颜色所示内容：该视图对该情绪的概率，或其模糊规则中某一语言项的隶属度</translation>
    </message>
    <message>
        <source>Colour:</source>
        <translation>颜色：</translation>
    </message>
    <message>
        <source>session time (s)</source>
        <translation>会话时间 (s)</translation>
    </message>
    <message>
        <source>window %1–%2 s</source>
        <translation>窗口 %1–%2 s</translation>
    </message>
    <message>
        <source>no %1 view in this window</source>
        <translation>此窗口中没有 %1 视图</translation>
    </message>
    <message>
        <source>probability %1</source>
        <translation>概率 %1</translation>
    </message>
    <message>
        <source>low %1 · medium %2 · high %3</source>
        <translation>低 %1 · 中 %2 · 高 %3</translation>
    </message>
    <message>
        <source>reliability of the %1 view %2</source>
        <translation>%1 视图的可靠性 %2</translation>
    </message>
</context>
<context>
    <name>stf2m::ui::PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>首选项</translation>
    </message>
    <message>
        <source>Automatic (the GPU when there is one)</source>
        <translation>自动（有 GPU 时使用 GPU）</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>GPU (CUDA)</source>
        <translation>GPU（CUDA）</translation>
    </message>
    <message>
        <source>Where new analyses run; a GPU that fails falls back to the CPU and the job says so</source>
        <translation>新分析的运行位置；GPU 运行失败时将回退到 CPU，并在任务中注明</translation>
    </message>
    <message numerus="yes">
        <source>all (%n)</source>
        <translation>
            <numerusform>全部（%n）</numerusform>
        </translation>
    </message>
    <message>
        <source>CPU threads for the networks; fewer leaves cores free for other work</source>
        <translation>神经网络使用的 CPU 线程数；线程越少，留给其他工作的核心越多</translation>
    </message>
    <message>
        <source>Draw the subject&apos;s face over the video</source>
        <translation>在视频上绘制受试者的人脸</translation>
    </message>
    <message>
        <source>Compute &amp;device:</source>
        <translation>计算设备(&amp;D)：</translation>
    </message>
    <message>
        <source>CPU &amp;threads:</source>
        <translation>CPU 线程数(&amp;T)：</translation>
    </message>
    <message>
        <source>Player:</source>
        <translation>播放器：</translation>
    </message>
</context>
<context>
    <name>stf2m::ui::ProjectBrowser</name>
    <message>
        <source>Subject / session</source>
        <translation>受试者 / 会话</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Analysis</source>
        <translation>分析</translation>
    </message>
    <message numerus="yes">
        <source>%n window(s)</source>
        <translation>
            <numerusform>%n 个窗口</numerusform>
        </translation>
    </message>
    <message>
        <source>not analysed</source>
        <translation>未分析</translation>
    </message>
    <message>
        <source>Session %1 of subject %2</source>
        <translation>受试者 %2 的会话 %1</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>模型：%1</translation>
    </message>
    <message>
        <source>%1 (offset %2 s)</source>
        <translation>%1（偏移量 %2 s）</translation>
    </message>
    <message>
        <source>MISSING: %1</source>
        <translation>缺失：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) missing</source>
        <translation>
            <numerusform>缺失 %n 个文件</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>stf2m::ui::ProjectController</name>
    <message>
        <source>Cannot Create Project</source>
        <translation>无法创建项目</translation>
    </message>
    <message>
        <source>Cannot Open Project</source>
        <translation>无法打开项目</translation>
    </message>
    <message>
        <source>Cannot Show Session</source>
        <translation>无法显示会话</translation>
    </message>
    <message>
        <source>Cannot Add Session</source>
        <translation>无法添加会话</translation>
    </message>
    <message>
        <source>Cannot Relink</source>
        <translation>无法重新链接</translation>
    </message>
    <message>
        <source>Cannot Export</source>
        <translation>无法导出</translation>
    </message>
    <message>
        <source>Cannot Show Subject</source>
        <translation>无法显示受试者</translation>
    </message>
    <message>
        <source>Cannot Compute Agreement</source>
        <translation>无法计算一致性</translation>
    </message>
    <message>
        <source>No Live Updates</source>
        <translation>无实时更新</translation>
    </message>
</context>
<context>
    <name>stf2m::ui::RecentFiles</name>
    <message>
        <source>No Recent Files</source>
        <translation>无最近文件</translation>
    </message>
    <message>
        <source>Clear Recent Files</source>
        <translation>清除最近文件</translation>
    </message>
</context>
<context>
    <name>stf2m::ui::ReviewPanel</name>
    <message>
        <source>Open a project (File ▸ Open Project…) and choose a session.</source>
        <translation>请打开一个项目（文件 ▸ 打开项目…）并选择一个会话。</translation>
    </message>
    <message>
        <source>model · %1</source>
        <translation>模型 · %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; · subject %2 · %3 s</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · 受试者 %2 · %3 s</translation>
    </message>
    <message>
        <source>not analysed yet (Analysis ▸ Analyse Session, Ctrl+R)</source>
        <translation>尚未分析（分析 ▸ 分析会话，Ctrl+R）</translation>
    </message>
    <message numerus="yes">
        <source>model %1, %n window(s)</source>
        <translation>
            <numerusform>模型 %1，%n 个窗口</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n stored window(s) did not match the model and are not shown</source>
        <translation>
            <numerusform>有 %n 个已存储的窗口与该模型不匹配，未予显示</numerusform>
        </translation>
    </message>
    <message>
        <source>analysis in progress</source>
        <translation>正在分析</translation>
    </message>
    <message>
        <source>%1 could not be written (check the folder exists and is writable)</source>
        <translation>无法写入 %1（请检查文件夹是否存在且可写）</translation>
    </message>
    <message>
        <source>Whose predictions are shown: every model that has analysed this session</source>
        <translation>显示哪个模型的预测：每个分析过此会话的模型</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message numerus="yes">
        <source>%1 · %n window(s)</source>
        <translation>
            <numerusform>%1 · %n 个窗口</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: plots are exported as PNG, SVG or PDF; choose a file name ending in .png, .svg or .pdf</source>
        <translation>%1：图表可导出为 PNG、SVG 或 PDF；请选择以 .png、.svg 或 .pdf 结尾的文件名</translation>
    </message>
    <message>
        <source>Another model&apos;s curves drawn dashed over the shown ones, e.g. the model before an adaptation</source>
        <translation>以虚线在当前曲线上叠加另一个模型的曲线,例如适配前的模型</translation>
    </message>
    <message>
        <source>Compare with:</source>
        <translation>对比:</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>dashed: %1</source>
        <translation>虚线:%1</translation>
    </message>
    <message>
        <source>labelled by %1</source>
        <translation>标注依据：%1</translation>
    </message>
</context>
<context>
    <name>stf2m::ui::RuleInspector</name>
    <message>
        <source>The view (modality) of the window to explain</source>
        <translation>要解释的窗口视图（模态）</translation>
    </message>
    <message>
        <source>rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>firing</source>
        <translation>激活强度</translation>
    </message>
    <message>
        <source>Each small plot is one rule variable: the membership functions of the three strongest rules (their colours as in the firing chart) and the view&apos;s value (the vertical line).</source>
        <translation>每个小图是一个规则变量：三条最强规则的隶属函数（颜色与激活图一致）以及该视图的取值（竖线）。</translation>
    </message>
    <message>
        <source>Emotion</source>
        <translation>情绪</translation>
    </message>
    <message>
        <source>p</source>
        <translation>p</translation>
    </message>
    <message>
        <source>low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>medium</source>
        <translation>中</translation>
    </message>
    <message>
        <source>high</source>
        <translation>高</translation>
    </message>
    <message>
        <source>No analysis to explain: analyse the session first.</source>
        <translation>没有可解释的分析：请先分析会话。</translation>
    </message>
    <message>
        <source>The window at the cursor has no %1 view.</source>
        <translation>光标处的窗口没有 %1 视图。</translation>
    </message>
    <message>
        <source>Window %1–%2 s, %3 view, reliability %4</source>
        <translation>窗口 %1–%2 秒，%3 视图，可靠度 %4</translation>
    </message>
    <message>
        <source>The model&apos;s rules are not loaded (or it has none).</source>
        <translation>模型的规则尚未加载（或模型没有规则）。</translation>
    </message>
    <message>
        <source>This analysis stored no rule firing: analyse the session again to inspect its rules.</source>
        <translation>此分析未保存规则激活：请重新分析会话以检查其规则。</translation>
    </message>
    <message>
        <source>The window at the cursor has no view.</source>
        <translation>光标处的窗口没有视图。</translation>
    </message>
</context>
<context>
    <name>stf2m::ui::SegmentEditor</name>
    <message>
        <source>Label %1</source>
        <translation>标注为 %1</translation>
    </message>
    <message>
        <source>Relabel as %1</source>
        <translation>改标为 %1</translation>
    </message>
    <message>
        <source>Delete Segment</source>
        <translation>删除片段</translation>
    </message>
    <message>
        <source>Adapt to Subject</source>
        <translation>适配到受试者</translation>
    </message>
    <message>
        <source>Make Model Active</source>
        <translation>设为活动模型</translation>
    </message>
    <message>
        <source>Move Start</source>
        <translation>移动起点</translation>
    </message>
    <message>
        <source>Move End</source>
        <translation>移动终点</translation>
    </message>
    <message>
        <source>Split Segment</source>
        <translation>拆分片段</translation>
    </message>
    <message>
        <source>Merge with Next</source>
        <translation>与下一片段合并</translation>
    </message>
    <message>
        <source>Paint %1</source>
        <translation>绘制 %1</translation>
    </message>
    <message>
        <source>Save Support Set %1</source>
        <translation>保存支持集 %1</translation>
    </message>
    <message>
        <source>Delete Support Set</source>
        <translation>删除支持集</translation>
    </message>
</context>
<context>
    <name>stf2m::ui::ShortcutSheet</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>快捷键</translation>
    </message>
</context>
<context>
    <name>stf2m::ui::SubjectPanel</name>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Adapt to Subject</source>
        <translation>适配到受试者</translation>
    </message>
    <message>
        <source>Model history (newest first)</source>
        <translation>模型历史（最新在前）</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Support set</source>
        <translation>支持集</translation>
    </message>
    <message>
        <source>Active since</source>
        <translation>启用时间</translation>
    </message>
    <message>
        <source>By</source>
        <translation>操作者</translation>
    </message>
    <message>
        <source>Make Active</source>
        <translation>设为活动</translation>
    </message>
    <message>
        <source>Make the chosen model the subject&apos;s active model again; its predictions are still stored</source>
        <translation>将所选模型重新设为受试者的活动模型；其预测仍然保存着</translation>
    </message>
    <message>
        <source>Show a session to see its subject.</source>
        <translation>显示一个会话以查看其受试者。</translation>
    </message>
    <message numerus="yes">
        <source>Subject %1 · %n session(s)</source>
        <translation>
            <numerusform>受试者 %1 · %n 个会话</numerusform>
        </translation>
    </message>
    <message>
        <source>No labelled segments yet: mark in and out (I, O) and press a label key.</source>
        <translation>尚无已标注片段：标记起点和终点（I、O）后按标签键。</translation>
    </message>
    <message>
        <source>adapted model %1</source>
        <translation>适配模型 %1</translation>
    </message>
    <message>
        <source>model %1</source>
        <translation>模型 %1</translation>
    </message>
    <message>
        <source>Segments</source>
        <translation>片段</translation>
    </message>
    <message>
        <source>The support set: every labelled segment is in it unless unticked</source>
        <translation>支持集：除非取消勾选，每个已标注片段都在其中</translation>
    </message>
    <message>
        <source>Adapt the meta-model to the ticked segments of this subject, make the result the subject&apos;s active model and re-predict its sessions</source>
        <translation>用该受试者已勾选的片段适配元模型，将结果设为其活动模型并重新预测其会话</translation>
    </message>
    <message>
        <source>%1 · %2–%3 s</source>
        <translation>%1 · %2–%3 秒</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%2 个中的 %1 个</translation>
    </message>
    <message>
        <source>No segment is ticked: the support set would be empty.</source>
        <translation>没有勾选任何片段：支持集将为空。</translation>
    </message>
    <message>
        <source>Support set:</source>
        <translation>支持集:</translation>
    </message>
    <message>
        <source>Choosing a stored support set ticks its segments; adapting to the ticks of a stored set reuses it</source>
        <translation>选择已存储的支持集会勾选其片段;按某个已存储支持集的勾选进行适配时会复用该支持集</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <source>Store the ticked segments as a named support set (undoable)</source>
        <translation>将勾选的片段存为命名支持集(可撤销)</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Delete the chosen support set (undoable); a set a model was adapted from stays with it</source>
        <translation>删除所选支持集(可撤销);已用于适配模型的支持集会随该模型保留</translation>
    </message>
    <message>
        <source>ticked segments (not stored)</source>
        <translation>勾选的片段(未存储)</translation>
    </message>
    <message numerus="yes">
        <source>%1 · %2 · %n segment(s)</source>
        <translation>
            <numerusform>%1 · %2 · %n 个片段</numerusform>
        </translation>
    </message>
    <message>
        <source>stored %1</source>
        <translation>存储于 %1</translation>
    </message>
    <message>
        <source>Save Support Set</source>
        <translation>保存支持集</translation>
    </message>
    <message numerus="yes">
        <source>Name of the support set of %n ticked segment(s):</source>
        <translation>
            <numerusform>由 %n 个勾选片段组成的支持集名称:</numerusform>
        </translation>
    </message>
    <message>
        <source>Labelled by</source>
        <translation>标注依据</translation>
    </message>
    <message>
        <source>Which evidence answers for the model: ST-F2M&apos;s learned head, the pooled feature statistics, or a mix of both, chosen when it was adapted by holding out labelled clips of the subject</source>
        <translation>模型依据哪种证据作答：ST-F2M 学习得到的输出头、汇总的特征统计量，或两者的混合；在适配时通过留出该受试者的已标注片段选定</translation>
    </message>
    <message>
        <source>%1 is labelled by %2.</source>
        <translation>%1 的标注依据：%2。</translation>
    </message>
</context>
<context>
    <name>stf2m::ui::SuggestionsPanel</name>
    <message>
        <source>Window (s)</source>
        <translation>窗口（秒）</translation>
    </message>
    <message>
        <source>Predicted</source>
        <translation>预测</translation>
    </message>
    <message>
        <source>Uncertainty</source>
        <translation>不确定性</translation>
    </message>
    <message>
        <source>Disagreement</source>
        <translation>分歧</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>得分</translation>
    </message>
    <message>
        <source>Uncertainty: the entropy of the fused answer (0 sure, 1 undecided). Disagreement: how far apart the face and voice answers are (Jensen-Shannon, 0 to 1).</source>
        <translation>不确定性：融合答案的熵（0 确定，1 无法判断）。分歧：面部与语音答案相差多远（Jensen-Shannon，0 到 1）。</translation>
    </message>
    <message>
        <source>Accept as Segment</source>
        <translation>采纳为片段</translation>
    </message>
    <message>
        <source>Make the chosen window a segment with the predicted label; select it and press a key to change the label</source>
        <translation>将所选窗口设为带预测标签的片段；选中后按键可更改标签</translation>
    </message>
    <message>
        <source>No suggestions: the session is not analysed, or every analysed window is labelled.</source>
        <translation>没有建议：会话尚未分析，或所有已分析窗口均已标注。</translation>
    </message>
    <message>
        <source>Unlabelled windows where a label would teach the model most, best first.</source>
        <translation>标注后对模型帮助最大的未标注窗口，最佳在前。</translation>
    </message>
</context>
<context>
    <name>stf2m::ui::TransportBar</name>
    <message>
        <source>First Frame</source>
        <translation>第一帧</translation>
    </message>
    <message>
        <source>Back One Second</source>
        <translation>后退一秒</translation>
    </message>
    <message>
        <source>Previous Frame</source>
        <translation>上一帧</translation>
    </message>
    <message>
        <source>Next Frame</source>
        <translation>下一帧</translation>
    </message>
    <message>
        <source>Forward One Second</source>
        <translation>前进一秒</translation>
    </message>
    <message>
        <source>Last Frame</source>
        <translation>最后一帧</translation>
    </message>
    <message>
        <source>Frame position</source>
        <translation>帧位置</translation>
    </message>
    <message>
        <source>Frame index (counted from 0) / number of frames · time / duration</source>
        <translation>帧序号（从 0 开始计数）/ 总帧数 · 时间 / 时长</translation>
    </message>
    <message>
        <source>frame %1 / %2 · %3 / %4</source>
        <translation>第 %1 / %2 帧 · %3 / %4</translation>
    </message>
    <message>
        <source>no video</source>
        <translation>无视频</translation>
    </message>
</context>
<context>
    <name>stf2m::ui::VideoView</name>
    <message>
        <source>track %1</source>
        <translation>跟踪 %1</translation>
    </message>
</context>
</TS>
