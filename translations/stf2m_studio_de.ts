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
        <source>Save the window as PNG once the first frame of FILE is shown, then quit (exit code 1 when FILE cannot be opened or nothing is shown within 60 s).</source>
        <translation>Speichert das Fenster als PNG, sobald das erste Bild von DATEI angezeigt wird, und beendet dann das Programm (Exit-Code 1, wenn DATEI nicht geöffnet werden kann oder innerhalb von 60 s nichts angezeigt wird).</translation>
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
</TS>
