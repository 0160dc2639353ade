<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>main</name>
    <message numerus="yes">
        <source>GPU · %n thread(s)</source>
        <translation>
            <numerusform>GPU · %n Thread</numerusform>
            <numerusform>GPU · %n Threads</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>CPU · %n thread(s)</source>
        <translation>
            <numerusform>CPU · %n Thread</numerusform>
            <numerusform>CPU · %n Threads</numerusform>
        </translation>
    </message>
    <message>
        <source>Device: %1 (%2)
LibTorch %3, CUDA available: %4</source>
        <translation>Gerät: %1 (%2)
LibTorch %3, CUDA verfügbar: %4</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>not built</source>
        <translation>nicht enthalten</translation>
    </message>
    <message>
        <source>This build has no LibTorch compute module.</source>
        <translation>Dieser Build enthält kein LibTorch-Rechenmodul.</translation>
    </message>
    <message>
        <source>Fine-grained emotion recognition from multimodal session videos.</source>
        <translation>Feingranulare Emotionserkennung in multimodalen Sitzungsvideos.</translation>
    </message>
    <message>
        <source>png</source>
        <translation>png</translation>
    </message>
    <message>
        <source>User interface language, e.g. de or en.</source>
        <translation>Sprache der Benutzeroberfläche, z. B. de oder en.</translation>
    </message>
    <message>
        <source>language</source>
        <translation>sprache</translation>
    </message>
    <message>
        <source>file</source>
        <translation>datei</translation>
    </message>
    <message>
        <source>Video file to open.</source>
        <translation>Zu öffnende Videodatei.</translation>
    </message>
    <message>
        <source>[file]</source>
        <translation>[datei]</translation>
    </message>
    <message>
        <source>Save the window as PNG once the first frame of FILE is shown (with --project and --session: once the session&apos;s stored predictions are drawn), then quit (exit code 1 when it cannot be opened or nothing is shown within 60 s).</source>
        <translation>Das Fenster als PNG speichern, sobald das erste Bild von DATEI angezeigt wird (mit --project und --session: sobald die gespeicherten Vorhersagen der Sitzung gezeichnet sind), dann beenden (Exit-Code 1, wenn DATEI nicht geöffnet werden kann oder innerhalb von 60 s nichts angezeigt wird).</translation>
    </message>
    <message>
        <source>project</source>
        <translation>projekt</translation>
    </message>
    <message>
        <source>Show this session of the project (its id).</source>
        <translation>Diese Sitzung des Projekts anzeigen (ihre ID).</translation>
    </message>
    <message>
        <source>id</source>
        <translation>id</translation>
    </message>
    <message>
        <source>panel</source>
        <translation>bereich</translation>
    </message>
    <message>
        <source>Analyse the session of --project and --session in the background, sample the event loop&apos;s lateness every 10 ms until it ends, print the figures as JSON and quit.</source>
        <translation>Die Sitzung aus --project und --session im Hintergrund analysieren, bis zu deren Ende alle 10 ms die Verspätung der Ereignisschleife messen, die Kennzahlen als JSON ausgeben und beenden.</translation>
    </message>
    <message>
        <source>Open the project of --project, show the session of --session, print how long each took as JSON and quit.</source>
        <translation>Das Projekt von --project öffnen, die Sitzung von --session zeigen, ausgeben, wie lange beides dauerte (als JSON), und beenden.</translation>
    </message>
    <message>
        <source>With --screenshot and a session: heatmap, curves, timeline, subject, suggestions, agreement, rules or all (the window).</source>
        <translation>Mit --screenshot und einer Sitzung: heatmap, curves, timeline, subject, suggestions, agreement, rules oder all (das Fenster).</translation>
    </message>
    <message>
        <source>With --session: draw this model&apos;s curves (its id in the project) dashed beside the shown model&apos;s.</source>
        <translation>Mit --session: die Kurven dieses Modells (seine ID im Projekt) gestrichelt neben denen des gezeigten Modells zeichnen.</translation>
    </message>
    <message>
        <source>model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Open this project: a .stf2m file, or postgresql://user@host[:port]/db on a team server.</source>
        <translation>Dieses Projekt öffnen: eine .stf2m-Datei oder postgresql://benutzer@host[:port]/db auf einem Team-Server.</translation>
    </message>
</context>
<context>
    <name>stf2m::ui::AddSessionDialog</name>
    <message>
        <source>Add Session</source>
        <translation>Sitzung hinzufügen</translation>
    </message>
    <message>
        <source>A subject of the project, or a new pseudonymous code</source>
        <translation>Ein Proband des Projekts oder ein neuer pseudonymer Code</translation>
    </message>
    <message>
        <source>e.g. intake, week 3</source>
        <translation>z. B. Erstgespräch, Woche 3</translation>
    </message>
    <message>
        <source>&amp;Subject:</source>
        <translation>&amp;Proband:</translation>
    </message>
    <message>
        <source>Session &amp;name:</source>
        <translation>Sitzungs&amp;name:</translation>
    </message>
    <message>
        <source>Media file</source>
        <translation>Mediendatei</translation>
    </message>
    <message>
        <source>Offset (s)</source>
        <translation>Versatz (s)</translation>
    </message>
    <message>
        <source>The offset is the session time at which the file&apos;s own time 0 plays</source>
        <translation>Der Versatz ist die Sitzungszeit, zu der die dateieigene Zeit 0 abgespielt wird</translation>
    </message>
    <message>
        <source>&amp;Add Files…</source>
        <translation>Dateien &amp;hinzufügen…</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Add Media Files</source>
        <translation>Mediendateien hinzufügen</translation>
    </message>
    <message>
        <source>Media (*.mp4 *.m4v *.mov *.mkv *.webm *.avi *.mts *.m2ts *.wmv *.mpg *.mpeg *.wav *.flac *.mp3 *.m4a *.ogg *.opus);;All files (*)</source>
        <translation>Medien (*.mp4 *.m4v *.mov *.mkv *.webm *.avi *.mts *.m2ts *.wmv *.mpg *.mpeg *.wav *.flac *.mp3 *.m4a *.ogg *.opus);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Choose or type a subject code.</source>
        <translation>Wählen Sie einen Probandencode oder geben Sie einen ein.</translation>
    </message>
    <message>
        <source>Name the session.</source>
        <translation>Geben Sie der Sitzung einen Namen.</translation>
    </message>
    <message>
        <source>Add at least one media file.</source>
        <translation>Fügen Sie mindestens eine Mediendatei hinzu.</translation>
    </message>
</context>
<context>
    <name>stf2m::ui::AgreementPanel</name>
    <message>
        <source>Raters</source>
        <translation>Bewertende</translation>
    </message>
    <message>
        <source>All raters: Krippendorff&apos;s α %1, Fleiss&apos; κ %2 (frames every rater labelled)</source>
        <translation>Alle Bewertenden: Krippendorffs α %1, Fleiss&apos; κ %2 (Bilder, die alle beschriftet haben)</translation>
    </message>
    <message>
        <source>all raters: Krippendorff&apos;s α</source>
        <translation>alle Bewertenden: Krippendorffs α</translation>
    </message>
    <message numerus="yes">
        <source>%n frame(s) both labelled</source>
        <translation>
            <numerusform>%n Bild von beiden beschriftet</numerusform>
            <numerusform>%n Bilder von beiden beschriftet</numerusform>
        </translation>
    </message>
    <message>
        <source>The model against a rater (fewer than two human raters to compare with)</source>
        <translation>Das Modell gegen eine bewertende Person (weniger als zwei menschliche Bewertende zum Vergleich)</translation>
    </message>
    <message>
        <source>The model agrees with this rater as well as the raters agree with each other</source>
        <translation>Das Modell stimmt mit dieser Person so gut überein wie die Bewertenden untereinander</translation>
    </message>
    <message>
        <source>The model&apos;s agreement is outside the human range</source>
        <translation>Die Übereinstimmung des Modells liegt außerhalb der menschlichen Spanne</translation>
    </message>
    <message>
        <source>Agreement</source>
        <translation>Übereinstimmung</translation>
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
        <translation>Verläufe auf 25 Hz umgetastet über die Zeit, die alle Rater gezeichnet haben: Lins CCC je Paar, ICC(2,1) und Krippendorffs α (Intervall) für alle Rater</translation>
    </message>
    <message>
        <source>all raters: ICC(2,1)</source>
        <translation>alle Rater: ICC(2,1)</translation>
    </message>
    <message>
        <source>all raters: Krippendorff&apos;s α (interval)</source>
        <translation>alle Rater: Krippendorffs α (Intervall)</translation>
    </message>
    <message>
        <source>human pairs: range of %1</source>
        <translation>menschliche Paare: Spanne von %1</translation>
    </message>
    <message>
        <source>%1 vs %2 · %3</source>
        <translation>%1 gegen %2 · %3</translation>
    </message>
    <message numerus="yes">
        <source>%n sample(s) both traced</source>
        <translation>
            <numerusform>%n Abtastwert von beiden gezeichnet</numerusform>
            <numerusform>%n Abtastwerte von beiden gezeichnet</numerusform>
        </translation>
    </message>
    <message>
        <source>No agreement yet: it needs segments of the emotion scheme by at least one rater and the model&apos;s predictions, or two raters (or traces by two raters).</source>
        <translation>Noch keine Übereinstimmung: Sie braucht Segmente des Emotionsschemas von mindestens einem Rater und die Vorhersagen des Modells, oder zwei Rater (oder Verläufe von zwei Ratern).</translation>
    </message>
    <message>
        <source>At 25 Hz; for the emotion scheme the shown model is one more rater.</source>
        <translation>Bei 25 Hz; für das Emotionsschema ist das gezeigte Modell ein weiterer Rater.</translation>
    </message>
</context>
<context>
    <name>stf2m::ui::AnalysisJobs</name>
    <message>
        <source>Cancelled; stored results are unchanged</source>
        <translation>Abgebrochen; gespeicherte Ergebnisse bleiben unverändert</translation>
    </message>
</context>
<context>
    <name>stf2m::ui::AnnotationTiers</name>
    <message>
        <source>%1: %2 at %3 s</source>
        <translation>%1: %2 bei %3 s</translation>
    </message>
    <message>
        <source>%1: %2, %3–%4 s</source>
        <translation>%1: %2, %3–%4 s</translation>
    </message>
    <message>
        <source> (confidence %1)</source>
        <translation> (Konfidenz %1)</translation>
    </message>
    <message>
        <source>No annotation tiers: the session has no segments or traces yet</source>
        <translation>Keine Annotationsspuren: Die Sitzung hat noch keine Segmente oder Verläufe</translation>
    </message>
    <message>
        <source>Drag here to paint %1 (up: %2, down: %3)</source>
        <translation>Hier ziehen, um %1 zu zeichnen (oben: %2, unten: %3)</translation>
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
        <translation>Tonpegel (RMS je 10 ms). Klicken oder ziehen, um zu springen; scrollen zum Zoomen; Doppelklick zeigt alles.</translation>
    </message>
</context>
<context>
    <name>stf2m::ui::AudioPlayback</name>
    <message>
        <source>No audio output device: playing without sound.</source>
        <translation>Kein Audioausgabegerät: Wiedergabe ohne Ton.</translation>
    </message>
    <message>
        <source>The audio output device takes no format this player writes: playing without sound.</source>
        <translation>Das Audioausgabegerät unterstützt keines der Formate, die dieser Player ausgibt: Wiedergabe ohne Ton.</translation>
    </message>
    <message>
        <source>The audio could not be read (%1): playing without sound.</source>
        <translation>Der Ton konnte nicht gelesen werden (%1): Wiedergabe ohne Ton.</translation>
    </message>
    <message>
        <source>The audio output could not be started: playing without sound.</source>
        <translation>Die Audioausgabe konnte nicht gestartet werden: Wiedergabe ohne Ton.</translation>
    </message>
</context>
<context>
    <name>stf2m::ui::EmotionCurves</name>
    <message>
        <source>probability</source>
        <translation>Wahrscheinlichkeit</translation>
    </message>
    <message>
        <source>confidence</source>
        <translation>Konfidenz</translation>
    </message>
    <message>
        <source>session time (s)</source>
        <translation>Sitzungszeit (s)</translation>
    </message>
    <message>
        <source>%1 (compared)</source>
        <translation>%1 (Vergleich)</translation>
    </message>
</context>
<context>
    <name>stf2m::ui::ErrorMessages</name>
    <message>
        <source>the file</source>
        <translation>die Datei</translation>
    </message>
    <message>
        <source>The file “%1” does not exist.</source>
        <translation>Die Datei „%1“ existiert nicht.</translation>
    </message>
    <message>
        <source>The file “%1” cannot be read.</source>
        <translation>Die Datei „%1“ kann nicht gelesen werden.</translation>
    </message>
    <message>
        <source>The file “%1” is empty.</source>
        <translation>Die Datei „%1“ ist leer.</translation>
    </message>
    <message>
        <source>The file “%1” is not a video or audio file that can be opened.</source>
        <translation>Die Datei „%1“ ist keine Video- oder Audiodatei, die geöffnet werden kann.</translation>
    </message>
    <message>
        <source>The file “%1” contains no video stream.</source>
        <translation>Die Datei „%1“ enthält keine Videospur.</translation>
    </message>
    <message>
        <source>The file “%1” contains no audio stream.</source>
        <translation>Die Datei „%1“ enthält keine Tonspur.</translation>
    </message>
    <message>
        <source>The file “%1” uses a codec that this installation cannot decode.</source>
        <translation>Die Datei „%1“ verwendet einen Codec, den diese Installation nicht dekodieren kann.</translation>
    </message>
    <message>
        <source>The file “%1” is damaged and cannot be decoded.</source>
        <translation>Die Datei „%1“ ist beschädigt und kann nicht dekodiert werden.</translation>
    </message>
    <message>
        <source>The requested position lies outside “%1”.</source>
        <translation>Die angeforderte Position liegt außerhalb von „%1“.</translation>
    </message>
    <message>
        <source>An invalid request was made for “%1”.</source>
        <translation>Für „%1“ wurde eine ungültige Anfrage gestellt.</translation>
    </message>
    <message>
        <source>Reading “%1” was cancelled.</source>
        <translation>Das Lesen von „%1“ wurde abgebrochen.</translation>
    </message>
    <message>
        <source>An internal error occurred while reading “%1”.</source>
        <translation>Beim Lesen von „%1“ ist ein interner Fehler aufgetreten.</translation>
    </message>
</context>
<context>
    <name>stf2m::ui::InferenceWorker</name>
    <message>
        <source>The GPU could not run the model (%1); the analysis runs on the CPU.</source>
        <translation>Die GPU konnte das Modell nicht ausführen (%1); die Analyse läuft auf der CPU.</translation>
    </message>
    <message>
        <source>%1 windows, %2 face views, %3 voice views, %4 without a view; feature chunks: %5 computed, %6 from the cache</source>
        <translation>%1 Fenster, %2 Gesichtsansichten, %3 Stimmansichten, %4 ohne Ansicht; Merkmalsblöcke: %5 berechnet, %6 aus dem Cache</translation>
    </message>
    <message>
        <source>%1: unexpected error: %2</source>
        <translation>%1: unerwarteter Fehler: %2</translation>
    </message>
    <message>
        <source>CUDA is not available (%1); the job runs on the CPU.</source>
        <translation>CUDA ist nicht verfügbar (%1); der Auftrag läuft auf der CPU.</translation>
    </message>
    <message>
        <source>no labelled segment could test it</source>
        <translation>kein beschriftetes Segment konnte es prüfen</translation>
    </message>
    <message numerus="yes">
        <source>on %n held-out segment(s)</source>
        <translation>
            <numerusform>auf %n zurückgehaltenem Segment</numerusform>
            <numerusform>auf %n zurückgehaltenen Segmenten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>leave-one-out over %n support segment(s)</source>
        <translation>
            <numerusform>Leave-one-out über %n Support-Segment</numerusform>
            <numerusform>Leave-one-out über %n Support-Segmente</numerusform>
        </translation>
    </message>
    <message>
        <source>adapted %1 %</source>
        <translation>angepasst %1 %</translation>
    </message>
    <message>
        <source>previous model %1 %</source>
        <translation>vorheriges Modell %1 %</translation>
    </message>
    <message numerus="yes">
        <source>Adapted to %1 (support set %2, %n clip(s)): %3. Accuracy %4. %5 session(s) re-predicted; adaptation took %6 s.</source>
        <translation>
            <numerusform>An %1 angepasst (Support-Set %2, %n Clip): %3. Genauigkeit %4. %5 Sitzung(en) neu vorhergesagt; die Anpassung dauerte %6 s.</numerusform>
            <numerusform>An %1 angepasst (Support-Set %2, %n Clips): %3. Genauigkeit %4. %5 Sitzung(en) neu vorhergesagt; die Anpassung dauerte %6 s.</numerusform>
        </translation>
    </message>
    <message>
        <source>Labelled by %1.</source>
        <translation>Beschriftet von %1.</translation>
    </message>
    <message numerus="yes">
        <source>Chosen by holding out %n support clip(s) in turn: %1 answered right.</source>
        <translation>
            <numerusform>Gewählt, indem %n Stützclip reihum zurückgehalten wurde: %1 richtig beantwortet.</numerusform>
            <numerusform>Gewählt, indem %n Stützclips reihum zurückgehalten wurden: %1 richtig beantwortet.</numerusform>
        </translation>
    </message>
    <message>
        <source>No clip could be held out (a class has a single clip), so the default was kept.</source>
        <translation>Kein Clip konnte zurückgehalten werden (eine Klasse hat nur einen Clip), daher blieb die Voreinstellung.</translation>
    </message>
</context>
<context>
    <name>stf2m::ui::JobsPanel</name>
    <message>
        <source>queued</source>
        <translation>in Warteschlange</translation>
    </message>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>done</source>
        <translation>fertig</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>–</source>
        <translation>–</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>Auftrag</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <source>ETA</source>
        <translation>Restzeit</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <source>Cancel Job</source>
        <translation>Auftrag abbrechen</translation>
    </message>
    <message>
        <source>Stops the selected job (or the running one); results already stored stay as they were</source>
        <translation>Beendet den ausgewählten Auftrag (oder den laufenden); bereits gespeicherte Ergebnisse bleiben unverändert</translation>
    </message>
</context>
<context>
    <name>stf2m::ui::MainWindow</name>
    <message>
        <source>Open a session video with File ▸ Open… (Ctrl+O) or drop a file here.</source>
        <translation>Öffnen Sie ein Sitzungsvideo über Datei ▸ Öffnen… (Strg+O) oder ziehen Sie eine Datei hierher.</translation>
    </message>
    <message>
        <source>Media Information</source>
        <translation>Medieninformationen</translation>
    </message>
    <message>
        <source>No audio stream</source>
        <translation>Keine Tonspur</translation>
    </message>
    <message>
        <source>The audio could not be read: %1</source>
        <translation>Der Ton konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>Ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Navigate</source>
        <translation>&amp;Navigation</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About ST-F2M Studio</source>
        <translation>&amp;Über ST-F2M Studio</translation>
    </message>
    <message>
        <source>Indexing %p%</source>
        <translation>Indizierung %p%</translation>
    </message>
    <message>
        <source>Compute: %1</source>
        <translation>Berechnung: %1</translation>
    </message>
    <message>
        <source>Open Session Video</source>
        <translation>Sitzungsvideo öffnen</translation>
    </message>
    <message>
        <source>Videos (*.mp4 *.m4v *.mov *.mkv *.webm *.avi *.mts *.m2ts *.wmv *.mpg *.mpeg);;All files (*)</source>
        <translation>Videos (*.mp4 *.m4v *.mov *.mkv *.webm *.avi *.mts *.m2ts *.wmv *.mpg *.mpeg);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>About ST-F2M Studio</source>
        <translation>Über ST-F2M Studio</translation>
    </message>
    <message>
        <source>&lt;h3&gt;ST-F2M Studio %1&lt;/h3&gt;&lt;p&gt;Fine-grained emotion recognition from multimodal session videos.&lt;/p&gt;&lt;p&gt;Free software under the GNU General Public License, version 3 or later.&lt;/p&gt;&lt;p&gt;Qt %2&lt;/p&gt;</source>
        <translation>&lt;h3&gt;ST-F2M Studio %1&lt;/h3&gt;&lt;p&gt;Feingranulare Emotionserkennung in multimodalen Sitzungsvideos.&lt;/p&gt;&lt;p&gt;Freie Software unter der GNU General Public License, Version 3 oder später.&lt;/p&gt;&lt;p&gt;Qt %2&lt;/p&gt;</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Opening “%1”…</source>
        <translation>„%1“ wird geöffnet…</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>%1 wird geöffnet…</translation>
    </message>
    <message numerus="yes">
        <source>Opened %1: %n frame(s)</source>
        <translation>
            <numerusform>%1 geöffnet: %n Bild</numerusform>
            <numerusform>%1 geöffnet: %n Bilder</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Opened %1 with %n warning(s); see Media Information</source>
        <translation>
            <numerusform>%1 mit %n Warnung geöffnet; siehe Medieninformationen</numerusform>
            <numerusform>%1 mit %n Warnungen geöffnet; siehe Medieninformationen</numerusform>
        </translation>
    </message>
    <message>
        <source>Reading audio…</source>
        <translation>Ton wird gelesen…</translation>
    </message>
    <message>
        <source>File: %1</source>
        <translation>Datei: %1</translation>
    </message>
    <message>
        <source>Cannot Open File</source>
        <translation>Datei kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>Frame %1 could not be shown: %2</source>
        <translation>Bild %1 konnte nicht angezeigt werden: %2</translation>
    </message>
    <message>
        <source>Reading audio… %1%</source>
        <translation>Ton wird gelesen… %1 %</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>Projekt</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Auswertung</translation>
    </message>
    <message>
        <source>Jobs</source>
        <translation>Aufträge</translation>
    </message>
    <message numerus="yes">
        <source>Opened project %1: %n session(s)</source>
        <translation>
            <numerusform>Projekt %1 geöffnet: %n Sitzung</numerusform>
            <numerusform>Projekt %1 geöffnet: %n Sitzungen</numerusform>
        </translation>
    </message>
    <message>
        <source>Media Missing</source>
        <translation>Medien fehlen</translation>
    </message>
    <message numerus="yes">
        <source>%n media file(s) of this project are not where the project says.</source>
        <translation>
            <numerusform>%n Mediendatei dieses Projekts liegt nicht dort, wo das Projekt sie erwartet.</numerusform>
            <numerusform>%n Mediendateien dieses Projekts liegen nicht dort, wo das Projekt sie erwartet.</numerusform>
        </translation>
    </message>
    <message>
        <source>Sessions with missing media are marked in the Project panel; their tool tips name the files.</source>
        <translation>Sitzungen mit fehlenden Medien sind im Bereich „Projekt“ markiert; ihre Tooltips nennen die Dateien.</translation>
    </message>
    <message>
        <source>Exported %1</source>
        <translation>%1 exportiert</translation>
    </message>
    <message>
        <source>Session added</source>
        <translation>Sitzung hinzugefügt</translation>
    </message>
    <message>
        <source>Media relinked; the file has the recorded content.</source>
        <translation>Medien neu verknüpft; die Datei hat den im Projekt erfassten Inhalt.</translation>
    </message>
    <message>
        <source>Different Content</source>
        <translation>Abweichender Inhalt</translation>
    </message>
    <message>
        <source>This file is not the recording the project holds.</source>
        <translation>Diese Datei ist nicht die Aufnahme, die im Projekt erfasst ist.</translation>
    </message>
    <message>
        <source>Use it anyway? Its stored analysis then describes another recording.</source>
        <translation>Trotzdem verwenden? Die gespeicherte Analyse beschreibt dann eine andere Aufnahme.</translation>
    </message>
    <message>
        <source>Analysis Failed</source>
        <translation>Analyse fehlgeschlagen</translation>
    </message>
    <message>
        <source>“%1” failed.</source>
        <translation>„%1“ ist fehlgeschlagen.</translation>
    </message>
    <message>
        <source>A job failed.</source>
        <translation>Ein Auftrag ist fehlgeschlagen.</translation>
    </message>
    <message>
        <source>&amp;Playback</source>
        <translation>&amp;Wiedergabe</translation>
    </message>
    <message>
        <source>&amp;Play / Pause</source>
        <translation>&amp;Abspielen / Pause</translation>
    </message>
    <message>
        <source>Shuttle &amp;Backwards</source>
        <translation>Shuttle &amp;rückwärts</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>&amp;Stopp</translation>
    </message>
    <message>
        <source>Shuttle &amp;Forwards</source>
        <translation>Shuttle vor&amp;wärts</translation>
    </message>
    <message>
        <source>Spee&amp;d</source>
        <translation>&amp;Geschwindigkeit</translation>
    </message>
    <message>
        <source>%1×</source>
        <translation>%1×</translation>
    </message>
    <message>
        <source>Pre&amp;vious Segment</source>
        <translation>&amp;Vorheriges Segment</translation>
    </message>
    <message>
        <source>&amp;Next Segment</source>
        <translation>&amp;Nächstes Segment</translation>
    </message>
    <message>
        <source>No segment after this point</source>
        <translation>Kein Segment nach dieser Stelle</translation>
    </message>
    <message>
        <source>No segment before this point</source>
        <translation>Kein Segment vor dieser Stelle</translation>
    </message>
    <message>
        <source>&amp;New Project…</source>
        <translation>&amp;Neues Projekt…</translation>
    </message>
    <message>
        <source>Open &amp;Project…</source>
        <translation>&amp;Projekt öffnen…</translation>
    </message>
    <message>
        <source>Recent Pro&amp;jects</source>
        <translation>Zuletzt geöffnete Pro&amp;jekte</translation>
    </message>
    <message>
        <source>&amp;Add Session…</source>
        <translation>&amp;Sitzung hinzufügen…</translation>
    </message>
    <message>
        <source>Re&amp;link Missing Media…</source>
        <translation>Fehlende Medien neu &amp;verknüpfen…</translation>
    </message>
    <message>
        <source>Pre&amp;ferences…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>New jobs run on: %1</source>
        <translation>Neue Aufträge laufen auf: %1</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>E&amp;xportieren</translation>
    </message>
    <message>
        <source>Membership &amp;Heatmap as Image…</source>
        <translation>Zugehörigkeits-&amp;Heatmap als Bild…</translation>
    </message>
    <message>
        <source>Emotion &amp;Curves as Image…</source>
        <translation>Emotions&amp;kurven als Bild…</translation>
    </message>
    <message>
        <source>Annotation &amp;Tiers as Image…</source>
        <translation>Annotations&amp;spuren als Bild…</translation>
    </message>
    <message>
        <source>&amp;Predictions as CSV…</source>
        <translation>&amp;Vorhersagen als CSV…</translation>
    </message>
    <message>
        <source>&amp;Face Overlay</source>
        <translation>&amp;Gesichtsüberlagerung</translation>
    </message>
    <message>
        <source>The subject&apos;s face box, landmarks and track id over the video (from the analysis)</source>
        <translation>Gesichtsrahmen, Landmarken und Track-ID des Probanden über dem Video (aus der Analyse)</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>&amp;Vergrößern</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>Ver&amp;kleinern</translation>
    </message>
    <message>
        <source>&amp;Whole Session</source>
        <translation>Ganze &amp;Sitzung</translation>
    </message>
    <message>
        <source>Scroll &amp;Back</source>
        <translation>&amp;Zurückscrollen</translation>
    </message>
    <message>
        <source>Scroll &amp;Forward</source>
        <translation>V&amp;orwärtsscrollen</translation>
    </message>
    <message>
        <source>Heatmap &amp;Colour</source>
        <translation>&amp;Heatmap-Farbe</translation>
    </message>
    <message>
        <source>&amp;Probability</source>
        <translation>&amp;Wahrscheinlichkeit</translation>
    </message>
    <message>
        <source>&amp;Low</source>
        <translation>&amp;Niedrig</translation>
    </message>
    <message>
        <source>&amp;Medium</source>
        <translation>&amp;Mittel</translation>
    </message>
    <message>
        <source>&amp;High</source>
        <translation>&amp;Hoch</translation>
    </message>
    <message>
        <source>&amp;Analysis</source>
        <translation>Ana&amp;lyse</translation>
    </message>
    <message>
        <source>&amp;Analyse Session</source>
        <translation>Sitzung &amp;analysieren</translation>
    </message>
    <message>
        <source>&amp;Cancel All Jobs</source>
        <translation>Alle Aufträge a&amp;bbrechen</translation>
    </message>
    <message>
        <source>Compute &amp;Device</source>
        <translation>&amp;Rechengerät</translation>
    </message>
    <message>
        <source>&amp;Automatic (GPU when there is one)</source>
        <translation>&amp;Automatisch (GPU, falls vorhanden)</translation>
    </message>
    <message>
        <source>&amp;CPU</source>
        <translation>&amp;CPU</translation>
    </message>
    <message>
        <source>&amp;GPU (CUDA)</source>
        <translation>&amp;GPU (CUDA)</translation>
    </message>
    <message>
        <source>Open Project</source>
        <translation>Projekt öffnen</translation>
    </message>
    <message>
        <source>ST-F2M projects (*.stf2m);;All files (*)</source>
        <translation>ST-F2M-Projekte (*.stf2m);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>New Project</source>
        <translation>Neues Projekt</translation>
    </message>
    <message>
        <source>ST-F2M projects (*.stf2m)</source>
        <translation>ST-F2M-Projekte (*.stf2m)</translation>
    </message>
    <message>
        <source>Project name:</source>
        <translation>Projektname:</translation>
    </message>
    <message>
        <source>Open or create a project first (File ▸ Open Project…).</source>
        <translation>Öffnen oder erstellen Sie zuerst ein Projekt (Datei ▸ Projekt öffnen…).</translation>
    </message>
    <message>
        <source>Adding session %1 (probing and hashing its media)…</source>
        <translation>Sitzung %1 wird hinzugefügt (Medien werden analysiert und gehasht)…</translation>
    </message>
    <message>
        <source>The session on screen has no missing media.</source>
        <translation>Der angezeigten Sitzung fehlen keine Medien.</translation>
    </message>
    <message>
        <source>Locate %1</source>
        <translation>%1 suchen</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Alle Dateien (*)</translation>
    </message>
    <message>
        <source>The session&apos;s video is missing: %1
File ▸ Relink Missing Media… finds it again.</source>
        <translation>Das Video der Sitzung fehlt: %1
Über Datei ▸ Fehlende Medien neu verknüpfen… lässt es sich wiederfinden.</translation>
    </message>
    <message>
        <source>This session has no video.</source>
        <translation>Diese Sitzung hat kein Video.</translation>
    </message>
    <message>
        <source>Choose a session of a project first (File ▸ Open Project…).</source>
        <translation>Wählen Sie zuerst eine Sitzung eines Projekts (Datei ▸ Projekt öffnen…).</translation>
    </message>
    <message>
        <source>The session cannot be analysed while its media are missing.</source>
        <translation>Die Sitzung kann nicht analysiert werden, solange ihre Medien fehlen.</translation>
    </message>
    <message>
        <source>Relink the files in the Project panel first.</source>
        <translation>Verknüpfen Sie die Dateien zuerst im Bereich „Projekt“ neu.</translation>
    </message>
    <message>
        <source>Analyse %1 / %2</source>
        <translation>Analyse %1 / %2</translation>
    </message>
    <message>
        <source>%1: %2 %3% · ETA %4</source>
        <translation>%1: %2 %3 % · Restzeit %4</translation>
    </message>
    <message>
        <source>Device: %1</source>
        <translation>Gerät: %1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Export Plot</source>
        <translation>Diagramm exportieren</translation>
    </message>
    <message>
        <source>Cannot Export</source>
        <translation>Export nicht möglich</translation>
    </message>
    <message>
        <source>The session on screen has no stored predictions to export.</source>
        <translation>Die angezeigte Sitzung hat keine gespeicherten Vorhersagen, die exportiert werden könnten.</translation>
    </message>
    <message>
        <source>Export Predictions</source>
        <translation>Vorhersagen exportieren</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Analyse with Another &amp;Model…</source>
        <translation>Mit anderem &amp;Modell analysieren…</translation>
    </message>
    <message>
        <source>Choose a Model</source>
        <translation>Modell wählen</translation>
    </message>
    <message>
        <source>ST-F2M models (*.stf2m)</source>
        <translation>ST-F2M-Modelle (*.stf2m)</translation>
    </message>
    <message>
        <source>Analyse %1 / %2 with %3</source>
        <translation>Analyse %1 / %2 mit %3</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)</source>
        <translation>PNG-Bild (*.png);;SVG-Zeichnung (*.svg);;PDF-Dokument (*.pdf)</translation>
    </message>
    <message>
        <source>A&amp;nnotate</source>
        <translation>A&amp;nnotieren</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Wiederholen</translation>
    </message>
    <message>
        <source>Mark &amp;In</source>
        <translation>&amp;Anfang markieren</translation>
    </message>
    <message>
        <source>Mark &amp;Out</source>
        <translation>&amp;Ende markieren</translation>
    </message>
    <message>
        <source>&amp;Clear Marks and Selection</source>
        <translation>Markierungen und Auswahl &amp;löschen</translation>
    </message>
    <message>
        <source>&amp;Delete Segment</source>
        <translation>Segment &amp;entfernen</translation>
    </message>
    <message>
        <source>Label with the scheme&apos;s keys (shown under the tiers)</source>
        <translation>Mit den Tasten des Schemas beschriften (unter den Spuren angezeigt)</translation>
    </message>
    <message>
        <source>%1–%2 s marked: press a label key</source>
        <translation>%1–%2 s markiert: eine Beschriftungstaste drücken</translation>
    </message>
    <message>
        <source>I / O mark in and out, then a key labels (%1): %2</source>
        <translation>I / O markieren Anfang und Ende, dann beschriftet eine Taste (%1): %2</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Proband</translation>
    </message>
    <message>
        <source>Adapt to &amp;Subject</source>
        <translation>An &amp;Proband anpassen</translation>
    </message>
    <message>
        <source>No Subject</source>
        <translation>Kein Proband</translation>
    </message>
    <message>
        <source>Show a session of the subject to adapt to.</source>
        <translation>Zeigen Sie eine Sitzung des Probanden, an den angepasst werden soll.</translation>
    </message>
    <message>
        <source>Cannot Adapt</source>
        <translation>Anpassen nicht möglich</translation>
    </message>
    <message>
        <source>The folder for adapted models cannot be created: %1</source>
        <translation>Der Ordner für angepasste Modelle kann nicht angelegt werden: %1</translation>
    </message>
    <message>
        <source>Adapt to %1</source>
        <translation>An %1 anpassen</translation>
    </message>
    <message>
        <source>Label Next</source>
        <translation>Als Nächstes beschriften</translation>
    </message>
    <message>
        <source>Cannot Accept</source>
        <translation>Übernehmen nicht möglich</translation>
    </message>
    <message>
        <source>The label scheme has no category “%1”.</source>
        <translation>Das Beschriftungsschema hat keine Kategorie „%1“.</translation>
    </message>
    <message>
        <source>Move Segment &amp;Start to Cursor</source>
        <translation>Segment&amp;anfang zum Cursor</translation>
    </message>
    <message>
        <source>Move Segment &amp;End to Cursor</source>
        <translation>Segment&amp;ende zum Cursor</translation>
    </message>
    <message>
        <source>S&amp;plit Segment at Cursor</source>
        <translation>Segment am Cursor &amp;teilen</translation>
    </message>
    <message>
        <source>&amp;Merge with Next Segment</source>
        <translation>Mit nächstem Segment &amp;zusammenführen</translation>
    </message>
    <message>
        <source>Agreement</source>
        <translation>Übereinstimmung</translation>
    </message>
    <message>
        <source>Rules</source>
        <translation>Regeln</translation>
    </message>
    <message>
        <source>Paint &amp;Trace</source>
        <translation>&amp;Verlauf zeichnen</translation>
    </message>
    <message>
        <source>Drag on the tier “%1 · %2” to paint %2: up is %3, down is %4. Undo takes a stroke back.</source>
        <translation>Auf der Spur „%1 · %2“ ziehen, um %2 zu zeichnen: oben ist %3, unten %4. Rückgängig nimmt einen Strich zurück.</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Aus</translation>
    </message>
    <message>
        <source>Drag on your %1 tier; %2 to %3</source>
        <translation>Auf Ihrer Spur %1 ziehen; %2 bis %3</translation>
    </message>
    <message>
        <source>Toggle Selected Segment in Support Set</source>
        <translation>Gewähltes Segment ins Support-Set aufnehmen oder herausnehmen</translation>
    </message>
    <message>
        <source>Select one of your labelled segments on its tier first.</source>
        <translation>Wählen Sie zuerst eines Ihrer gelabelten Segmente auf seiner Spur.</translation>
    </message>
    <message>
        <source>The segment is in the support set.</source>
        <translation>Das Segment ist im Support-Set.</translation>
    </message>
    <message>
        <source>The segment is left out of the support set.</source>
        <translation>Das Segment bleibt aus dem Support-Set heraus.</translation>
    </message>
    <message>
        <source>Open &amp;Team Project…</source>
        <translation>&amp;Team-Projekt öffnen…</translation>
    </message>
    <message>
        <source>Open Team Project</source>
        <translation>Team-Projekt öffnen</translation>
    </message>
    <message>
        <source>Server database (postgresql://user@host[:port]/database).
Passwords come from ~/.pgpass or PGPASSWORD, never from this field.</source>
        <translation>Server-Datenbank (postgresql://benutzer@host[:port]/datenbank).
Passwörter kommen aus ~/.pgpass oder PGPASSWORD, nie aus diesem Feld.</translation>
    </message>
    <message>
        <source>Not a Server Address</source>
        <translation>Keine Server-Adresse</translation>
    </message>
    <message>
        <source>“%1” does not start with postgresql://. Open a project file with File ▸ Open Project….</source>
        <translation>„%1“ beginnt nicht mit postgresql://. Eine Projektdatei öffnen Sie mit Datei ▸ Projekt öffnen….</translation>
    </message>
    <message>
        <source>Connected to the project&apos;s server again; the session on screen was read anew.</source>
        <translation>Wieder mit dem Server des Projekts verbunden; die angezeigte Sitzung wurde neu gelesen.</translation>
    </message>
    <message>
        <source>Server unreachable — reconnecting…</source>
        <translation>Server nicht erreichbar — verbinde neu…</translation>
    </message>
</context>
<context>
    <name>stf2m::ui::MediaInfoPanel</name>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
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
        <translation>Video</translation>
    </message>
    <message>
        <source>audio</source>
        <translation>Audio</translation>
    </message>
    <message>
        <source>subtitles</source>
        <translation>Untertitel</translation>
    </message>
    <message>
        <source>data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <source>attachment</source>
        <translation>Anhang</translation>
    </message>
    <message>
        <source>%1 fps</source>
        <translation>%1 fps</translation>
    </message>
    <message>
        <source>Property</source>
        <translation>Eigenschaft</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Copy as JSON</source>
        <translation>Als JSON kopieren</translation>
    </message>
    <message>
        <source>Copy the full probe result to the clipboard</source>
        <translation>Das vollständige Analyseergebnis in die Zwischenablage kopieren</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Ordner</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Container</source>
        <translation>Container</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Bit rate</source>
        <translation>Bitrate</translation>
    </message>
    <message>
        <source>Start time</source>
        <translation>Startzeit</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>Warnungen</translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s) while indexing</source>
        <translation>
            <numerusform>%n Problem beim Indizieren</numerusform>
            <numerusform>%n Probleme beim Indizieren</numerusform>
        </translation>
    </message>
    <message>
        <source>Stream %1</source>
        <translation>Stream %1</translation>
    </message>
    <message>
        <source>Codec</source>
        <translation>Codec</translation>
    </message>
    <message>
        <source>Decoder</source>
        <translation>Decoder</translation>
    </message>
    <message>
        <source>not available in this installation</source>
        <translation>in dieser Installation nicht verfügbar</translation>
    </message>
    <message>
        <source>Frame size</source>
        <translation>Bildgröße</translation>
    </message>
    <message>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
    <message>
        <source>Display size</source>
        <translation>Anzeigegröße</translation>
    </message>
    <message>
        <source>Pixel format</source>
        <translation>Pixelformat</translation>
    </message>
    <message>
        <source>Pixel aspect ratio</source>
        <translation>Pixel-Seitenverhältnis</translation>
    </message>
    <message>
        <source>Frame rate</source>
        <translation>Bildrate</translation>
    </message>
    <message>
        <source>average %1/%2, base %3/%4</source>
        <translation>Mittelwert %1/%2, Basis %3/%4</translation>
    </message>
    <message numerus="yes">
        <source>frame interval %1–%2 ms over %n frame(s)</source>
        <translation>
            <numerusform>Bildabstand %1–%2 ms über %n Bild</numerusform>
            <numerusform>Bildabstand %1–%2 ms über %n Bilder</numerusform>
        </translation>
    </message>
    <message>
        <source>Frame rate mode</source>
        <translation>Bildratenmodus</translation>
    </message>
    <message>
        <source>variable</source>
        <translation>variabel</translation>
    </message>
    <message>
        <source>constant</source>
        <translation>konstant</translation>
    </message>
    <message>
        <source>Rotation</source>
        <translation>Drehung</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>%1° clockwise, mirrored</source>
        <translation>%1° im Uhrzeigersinn, gespiegelt</translation>
    </message>
    <message>
        <source>%1° clockwise</source>
        <translation>%1° im Uhrzeigersinn</translation>
    </message>
    <message>
        <source>Frames</source>
        <translation>Bilder</translation>
    </message>
    <message>
        <source>Sample rate</source>
        <translation>Abtastrate</translation>
    </message>
    <message>
        <source>%1 Hz</source>
        <translation>%1 Hz</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Kanäle</translation>
    </message>
    <message>
        <source>Sample format</source>
        <translation>Sampleformat</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
</context>
<context>
    <name>stf2m::ui::MembershipHeatmap</name>
    <message>
        <source>membership of “low”</source>
        <translation>Zugehörigkeit zu „niedrig“</translation>
    </message>
    <message>
        <source>membership of “medium”</source>
        <translation>Zugehörigkeit zu „mittel“</translation>
    </message>
    <message>
        <source>membership of “high”</source>
        <translation>Zugehörigkeit zu „hoch“</translation>
    </message>
    <message>
        <source>probability</source>
        <translation>Wahrscheinlichkeit</translation>
    </message>
    <message>
        <source>–</source>
        <translation>–</translation>
    </message>
    <message>
        <source>Fuzzy membership per view</source>
        <translation>Fuzzy-Zugehörigkeit je Ansicht</translation>
    </message>
    <message>
        <source>Probability</source>
        <translation>Wahrscheinlichkeit</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>Niedrig</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>Mittel</translation>
    </message>
    <message>
        <source>High</source>
        <translation>Hoch</translation>
    </message>
    <message>
        <source>What the colour shows: the view&apos;s probability of the emotion, or the membership of one linguistic term of its fuzzy rules</source>
        <translation>Was die Farbe zeigt: die Wahrscheinlichkeit der Emotion in der Ansicht oder die Zugehörigkeit zu einem linguistischen Term ihrer Fuzzy-Regeln</translation>
    </message>
    <message>
        <source>Colour:</source>
        <translation>Farbe:</translation>
    </message>
    <message>
        <source>session time (s)</source>
        <translation>Sitzungszeit (s)</translation>
    </message>
    <message>
        <source>window %1–%2 s</source>
        <translation>Fenster %1–%2 s</translation>
    </message>
    <message>
        <source>no %1 view in this window</source>
        <translation>keine Ansicht %1 in diesem Fenster</translation>
    </message>
    <message>
        <source>probability %1</source>
        <translation>Wahrscheinlichkeit %1</translation>
    </message>
    <message>
        <source>low %1 · medium %2 · high %3</source>
        <translation>niedrig %1 · mittel %2 · hoch %3</translation>
    </message>
    <message>
        <source>reliability of the %1 view %2</source>
        <translation>Zuverlässigkeit der Ansicht %1: %2</translation>
    </message>
</context>
<context>
    <name>stf2m::ui::PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Automatic (the GPU when there is one)</source>
        <translation>Automatisch (die GPU, falls vorhanden)</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>GPU (CUDA)</source>
        <translation>GPU (CUDA)</translation>
    </message>
    <message>
        <source>Where new analyses run; a GPU that fails falls back to the CPU and the job says so</source>
        <translation>Wo neue Analysen laufen; fällt die GPU aus, wird auf die CPU ausgewichen und der Auftrag meldet dies</translation>
    </message>
    <message numerus="yes">
        <source>all (%n)</source>
        <translation>
            <numerusform>alle (%n)</numerusform>
            <numerusform>alle (%n)</numerusform>
        </translation>
    </message>
    <message>
        <source>CPU threads for the networks; fewer leaves cores free for other work</source>
        <translation>CPU-Threads für die Netze; weniger Threads lassen Kerne für andere Aufgaben frei</translation>
    </message>
    <message>
        <source>Draw the subject&apos;s face over the video</source>
        <translation>Gesicht des Probanden über dem Video einzeichnen</translation>
    </message>
    <message>
        <source>Compute &amp;device:</source>
        <translation>&amp;Rechengerät:</translation>
    </message>
    <message>
        <source>CPU &amp;threads:</source>
        <translation>CPU-&amp;Threads:</translation>
    </message>
    <message>
        <source>Player:</source>
        <translation>Player:</translation>
    </message>
</context>
<context>
    <name>stf2m::ui::ProjectBrowser</name>
    <message>
        <source>Subject / session</source>
        <translation>Proband / Sitzung</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Analysis</source>
        <translation>Analyse</translation>
    </message>
    <message numerus="yes">
        <source>%n window(s)</source>
        <translation>
            <numerusform>%n Fenster</numerusform>
            <numerusform>%n Fenster</numerusform>
        </translation>
    </message>
    <message>
        <source>not analysed</source>
        <translation>nicht analysiert</translation>
    </message>
    <message>
        <source>Session %1 of subject %2</source>
        <translation>Sitzung %1 von Proband %2</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>Modell: %1</translation>
    </message>
    <message>
        <source>%1 (offset %2 s)</source>
        <translation>%1 (Versatz %2 s)</translation>
    </message>
    <message>
        <source>MISSING: %1</source>
        <translation>FEHLT: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) missing</source>
        <translation>
            <numerusform>%n Datei fehlt</numerusform>
            <numerusform>%n Dateien fehlen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>stf2m::ui::ProjectController</name>
    <message>
        <source>Cannot Create Project</source>
        <translation>Projekt kann nicht erstellt werden</translation>
    </message>
    <message>
        <source>Cannot Open Project</source>
        <translation>Projekt kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>Cannot Show Session</source>
        <translation>Sitzung kann nicht angezeigt werden</translation>
    </message>
    <message>
        <source>Cannot Add Session</source>
        <translation>Sitzung kann nicht hinzugefügt werden</translation>
    </message>
    <message>
        <source>Cannot Relink</source>
        <translation>Neu verknüpfen nicht möglich</translation>
    </message>
    <message>
        <source>Cannot Export</source>
        <translation>Export nicht möglich</translation>
    </message>
    <message>
        <source>Cannot Show Subject</source>
        <translation>Proband kann nicht angezeigt werden</translation>
    </message>
    <message>
        <source>Cannot Compute Agreement</source>
        <translation>Übereinstimmung kann nicht berechnet werden</translation>
    </message>
    <message>
        <source>No Live Updates</source>
        <translation>Keine Live-Aktualisierung</translation>
    </message>
</context>
<context>
    <name>stf2m::ui::RecentFiles</name>
    <message>
        <source>No Recent Files</source>
        <translation>Keine zuletzt geöffneten Dateien</translation>
    </message>
    <message>
        <source>Clear Recent Files</source>
        <translation>Liste leeren</translation>
    </message>
</context>
<context>
    <name>stf2m::ui::ReviewPanel</name>
    <message>
        <source>Open a project (File ▸ Open Project…) and choose a session.</source>
        <translation>Öffnen Sie ein Projekt (Datei ▸ Projekt öffnen…) und wählen Sie eine Sitzung.</translation>
    </message>
    <message>
        <source>model · %1</source>
        <translation>Modell · %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; · subject %2 · %3 s</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · Proband %2 · %3 s</translation>
    </message>
    <message>
        <source>not analysed yet (Analysis ▸ Analyse Session, Ctrl+R)</source>
        <translation>noch nicht analysiert (Analyse ▸ Sitzung analysieren, Strg+R)</translation>
    </message>
    <message numerus="yes">
        <source>model %1, %n window(s)</source>
        <translation>
            <numerusform>Modell %1, %n Fenster</numerusform>
            <numerusform>Modell %1, %n Fenster</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n stored window(s) did not match the model and are not shown</source>
        <translation>
            <numerusform>%n gespeichertes Fenster passt nicht zum Modell und wird nicht angezeigt</numerusform>
            <numerusform>%n gespeicherte Fenster passen nicht zum Modell und werden nicht angezeigt</numerusform>
        </translation>
    </message>
    <message>
        <source>analysis in progress</source>
        <translation>Analyse läuft</translation>
    </message>
    <message>
        <source>%1 could not be written (check the folder exists and is writable)</source>
        <translation>%1 konnte nicht geschrieben werden (prüfen Sie, ob der Ordner existiert und beschreibbar ist)</translation>
    </message>
    <message>
        <source>Whose predictions are shown: every model that has analysed this session</source>
        <translation>Wessen Vorhersagen gezeigt werden: jedes Modell, das diese Sitzung analysiert hat</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>Modell:</translation>
    </message>
    <message numerus="yes">
        <source>%1 · %n window(s)</source>
        <translation>
            <numerusform>%1 · %n Fenster</numerusform>
            <numerusform>%1 · %n Fenster</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: plots are exported as PNG, SVG or PDF; choose a file name ending in .png, .svg or .pdf</source>
        <translation>%1: Diagramme werden als PNG, SVG oder PDF exportiert; wählen Sie einen Dateinamen mit der Endung .png, .svg oder .pdf</translation>
    </message>
    <message>
        <source>Another model&apos;s curves drawn dashed over the shown ones, e.g. the model before an adaptation</source>
        <translation>Die Kurven eines anderen Modells gestrichelt über den gezeigten, z. B. das Modell vor einer Anpassung</translation>
    </message>
    <message>
        <source>Compare with:</source>
        <translation>Vergleichen mit:</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keinem</translation>
    </message>
    <message>
        <source>dashed: %1</source>
        <translation>gestrichelt: %1</translation>
    </message>
    <message>
        <source>labelled by %1</source>
        <translation>beschriftet von %1</translation>
    </message>
</context>
<context>
    <name>stf2m::ui::RuleInspector</name>
    <message>
        <source>The view (modality) of the window to explain</source>
        <translation>Die zu erklärende Ansicht (Modalität) des Fensters</translation>
    </message>
    <message>
        <source>rule</source>
        <translation>Regel</translation>
    </message>
    <message>
        <source>firing</source>
        <translation>Aktivierung</translation>
    </message>
    <message>
        <source>Each small plot is one rule variable: the membership functions of the three strongest rules (their colours as in the firing chart) and the view&apos;s value (the vertical line).</source>
        <translation>Jedes kleine Diagramm ist eine Regelvariable: die Zugehörigkeitsfunktionen der drei stärksten Regeln (Farben wie im Aktivierungsdiagramm) und der Wert der Ansicht (die senkrechte Linie).</translation>
    </message>
    <message>
        <source>Emotion</source>
        <translation>Emotion</translation>
    </message>
    <message>
        <source>p</source>
        <translation>p</translation>
    </message>
    <message>
        <source>low</source>
        <translation>niedrig</translation>
    </message>
    <message>
        <source>medium</source>
        <translation>mittel</translation>
    </message>
    <message>
        <source>high</source>
        <translation>hoch</translation>
    </message>
    <message>
        <source>No analysis to explain: analyse the session first.</source>
        <translation>Keine Analyse zu erklären: analysieren Sie zuerst die Sitzung.</translation>
    </message>
    <message>
        <source>The window at the cursor has no %1 view.</source>
        <translation>Das Fenster am Cursor hat keine Ansicht %1.</translation>
    </message>
    <message>
        <source>Window %1–%2 s, %3 view, reliability %4</source>
        <translation>Fenster %1–%2 s, Ansicht %3, Verlässlichkeit %4</translation>
    </message>
    <message>
        <source>The model&apos;s rules are not loaded (or it has none).</source>
        <translation>Die Regeln des Modells sind nicht geladen (oder es hat keine).</translation>
    </message>
    <message>
        <source>This analysis stored no rule firing: analyse the session again to inspect its rules.</source>
        <translation>Diese Analyse hat keine Regelaktivierungen gespeichert: analysieren Sie die Sitzung erneut, um ihre Regeln zu untersuchen.</translation>
    </message>
    <message>
        <source>The window at the cursor has no view.</source>
        <translation>Das Fenster am Cursor hat keine Ansicht.</translation>
    </message>
</context>
<context>
    <name>stf2m::ui::SegmentEditor</name>
    <message>
        <source>Label %1</source>
        <translation>Als %1 beschriften</translation>
    </message>
    <message>
        <source>Relabel as %1</source>
        <translation>Umbeschriften als %1</translation>
    </message>
    <message>
        <source>Delete Segment</source>
        <translation>Segment entfernen</translation>
    </message>
    <message>
        <source>Adapt to Subject</source>
        <translation>An Proband anpassen</translation>
    </message>
    <message>
        <source>Make Model Active</source>
        <translation>Modell aktiv setzen</translation>
    </message>
    <message>
        <source>Move Start</source>
        <translation>Anfang verschieben</translation>
    </message>
    <message>
        <source>Move End</source>
        <translation>Ende verschieben</translation>
    </message>
    <message>
        <source>Split Segment</source>
        <translation>Segment teilen</translation>
    </message>
    <message>
        <source>Merge with Next</source>
        <translation>Mit nächstem zusammenführen</translation>
    </message>
    <message>
        <source>Paint %1</source>
        <translation>%1 zeichnen</translation>
    </message>
    <message>
        <source>Save Support Set %1</source>
        <translation>Support-Set %1 speichern</translation>
    </message>
    <message>
        <source>Delete Support Set</source>
        <translation>Support-Set löschen</translation>
    </message>
</context>
<context>
    <name>stf2m::ui::ShortcutSheet</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>Tastenkürzel</translation>
    </message>
</context>
<context>
    <name>stf2m::ui::SubjectPanel</name>
    <message>
        <source>Category</source>
        <translation>Kategorie</translation>
    </message>
    <message>
        <source>Adapt to Subject</source>
        <translation>An Proband anpassen</translation>
    </message>
    <message>
        <source>Model history (newest first)</source>
        <translation>Modellverlauf (neueste zuerst)</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Support set</source>
        <translation>Support-Set</translation>
    </message>
    <message>
        <source>Active since</source>
        <translation>Aktiv seit</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>Make Active</source>
        <translation>Aktiv setzen</translation>
    </message>
    <message>
        <source>Make the chosen model the subject&apos;s active model again; its predictions are still stored</source>
        <translation>Das gewählte Modell wieder zum aktiven Modell des Probanden machen; seine Vorhersagen sind noch gespeichert</translation>
    </message>
    <message>
        <source>Show a session to see its subject.</source>
        <translation>Zeigen Sie eine Sitzung, um ihren Probanden zu sehen.</translation>
    </message>
    <message numerus="yes">
        <source>Subject %1 · %n session(s)</source>
        <translation>
            <numerusform>Proband %1 · %n Sitzung</numerusform>
            <numerusform>Proband %1 · %n Sitzungen</numerusform>
        </translation>
    </message>
    <message>
        <source>No labelled segments yet: mark in and out (I, O) and press a label key.</source>
        <translation>Noch keine beschrifteten Segmente: Anfang und Ende markieren (I, O) und eine Beschriftungstaste drücken.</translation>
    </message>
    <message>
        <source>adapted model %1</source>
        <translation>angepasstes Modell %1</translation>
    </message>
    <message>
        <source>model %1</source>
        <translation>Modell %1</translation>
    </message>
    <message>
        <source>Segments</source>
        <translation>Segmente</translation>
    </message>
    <message>
        <source>The support set: every labelled segment is in it unless unticked</source>
        <translation>Das Support-Set: jedes beschriftete Segment gehört dazu, solange es angehakt ist</translation>
    </message>
    <message>
        <source>Adapt the meta-model to the ticked segments of this subject, make the result the subject&apos;s active model and re-predict its sessions</source>
        <translation>Das Meta-Modell an die angehakten Segmente dieses Probanden anpassen, das Ergebnis zu seinem aktiven Modell machen und seine Sitzungen neu vorhersagen</translation>
    </message>
    <message>
        <source>%1 · %2–%3 s</source>
        <translation>%1 · %2–%3 s</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>No segment is ticked: the support set would be empty.</source>
        <translation>Kein Segment ist angehakt: Das Support-Set wäre leer.</translation>
    </message>
    <message>
        <source>Support set:</source>
        <translation>Support-Set:</translation>
    </message>
    <message>
        <source>Choosing a stored support set ticks its segments; adapting to the ticks of a stored set reuses it</source>
        <translation>Ein gespeichertes Support-Set auszuwählen hakt seine Segmente an; eine Anpassung an die Haken eines gespeicherten Sets verwendet es wieder</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>Speichern…</translation>
    </message>
    <message>
        <source>Store the ticked segments as a named support set (undoable)</source>
        <translation>Die angehakten Segmente als benanntes Support-Set speichern (rückgängig machbar)</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Delete the chosen support set (undoable); a set a model was adapted from stays with it</source>
        <translation>Das gewählte Support-Set löschen (rückgängig machbar); ein Set, an das ein Modell angepasst wurde, bleibt bei diesem</translation>
    </message>
    <message>
        <source>ticked segments (not stored)</source>
        <translation>angehakte Segmente (nicht gespeichert)</translation>
    </message>
    <message numerus="yes">
        <source>%1 · %2 · %n segment(s)</source>
        <translation>
            <numerusform>%1 · %2 · %n Segment</numerusform>
            <numerusform>%1 · %2 · %n Segmente</numerusform>
        </translation>
    </message>
    <message>
        <source>stored %1</source>
        <translation>gespeichert %1</translation>
    </message>
    <message>
        <source>Save Support Set</source>
        <translation>Support-Set speichern</translation>
    </message>
    <message numerus="yes">
        <source>Name of the support set of %n ticked segment(s):</source>
        <translation>
            <numerusform>Name des Support-Sets aus %n angehakten Segment:</numerusform>
            <numerusform>Name des Support-Sets aus %n angehakten Segmenten:</numerusform>
        </translation>
    </message>
    <message>
        <source>Labelled by</source>
        <translation>Beschriftet von</translation>
    </message>
    <message>
        <source>Which evidence answers for the model: ST-F2M&apos;s learned head, the pooled feature statistics, or a mix of both, chosen when it was adapted by holding out labelled clips of the subject</source>
        <translation>Welche Evidenz für das Modell antwortet: der gelernte Kopf von ST-F2M, die gepoolten Merkmalsstatistiken oder eine Mischung aus beiden, gewählt bei der Anpassung durch Zurückhalten beschrifteter Clips der Person</translation>
    </message>
    <message>
        <source>%1 is labelled by %2.</source>
        <translation>%1 wird beschriftet von %2.</translation>
    </message>
</context>
<context>
    <name>stf2m::ui::SuggestionsPanel</name>
    <message>
        <source>Window (s)</source>
        <translation>Fenster (s)</translation>
    </message>
    <message>
        <source>Predicted</source>
        <translation>Vorhergesagt</translation>
    </message>
    <message>
        <source>Uncertainty</source>
        <translation>Unsicherheit</translation>
    </message>
    <message>
        <source>Disagreement</source>
        <translation>Uneinigkeit</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Uncertainty: the entropy of the fused answer (0 sure, 1 undecided). Disagreement: how far apart the face and voice answers are (Jensen-Shannon, 0 to 1).</source>
        <translation>Unsicherheit: die Entropie der fusionierten Antwort (0 sicher, 1 unentschieden). Uneinigkeit: wie weit die Antworten von Gesicht und Stimme auseinanderliegen (Jensen-Shannon, 0 bis 1).</translation>
    </message>
    <message>
        <source>Accept as Segment</source>
        <translation>Als Segment übernehmen</translation>
    </message>
    <message>
        <source>Make the chosen window a segment with the predicted label; select it and press a key to change the label</source>
        <translation>Das gewählte Fenster wird ein Segment mit der vorhergesagten Beschriftung; zum Ändern auswählen und eine Taste drücken</translation>
    </message>
    <message>
        <source>No suggestions: the session is not analysed, or every analysed window is labelled.</source>
        <translation>Keine Vorschläge: Die Sitzung ist nicht analysiert, oder jedes analysierte Fenster ist beschriftet.</translation>
    </message>
    <message>
        <source>Unlabelled windows where a label would teach the model most, best first.</source>
        <translation>Unbeschriftete Fenster, in denen eine Beschriftung dem Modell am meisten beibringt, die besten zuerst.</translation>
    </message>
</context>
<context>
    <name>stf2m::ui::TransportBar</name>
    <message>
        <source>First Frame</source>
        <translation>Erstes Bild</translation>
    </message>
    <message>
        <source>Back One Second</source>
        <translation>Eine Sekunde zurück</translation>
    </message>
    <message>
        <source>Previous Frame</source>
        <translation>Vorheriges Bild</translation>
    </message>
    <message>
        <source>Next Frame</source>
        <translation>Nächstes Bild</translation>
    </message>
    <message>
        <source>Forward One Second</source>
        <translation>Eine Sekunde vor</translation>
    </message>
    <message>
        <source>Last Frame</source>
        <translation>Letztes Bild</translation>
    </message>
    <message>
        <source>Frame position</source>
        <translation>Bildposition</translation>
    </message>
    <message>
        <source>Frame index (counted from 0) / number of frames · time / duration</source>
        <translation>Bildindex (ab 0 gezählt) / Anzahl der Bilder · Zeit / Dauer</translation>
    </message>
    <message>
        <source>frame %1 / %2 · %3 / %4</source>
        <translation>Bild %1 / %2 · %3 / %4</translation>
    </message>
    <message>
        <source>no video</source>
        <translation>kein Video</translation>
    </message>
</context>
<context>
    <name>stf2m::ui::VideoView</name>
    <message>
        <source>track %1</source>
        <translation>Track %1</translation>
    </message>
</context>
</TS>
