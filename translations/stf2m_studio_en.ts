<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>main</name>
    <message numerus="yes">
        <source>GPU · %n thread(s)</source>
        <translation>
            <numerusform>GPU · %n thread</numerusform>
            <numerusform>GPU · %n threads</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>CPU · %n thread(s)</source>
        <translation>
            <numerusform>CPU · %n thread</numerusform>
            <numerusform>CPU · %n threads</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>stf2m::ui::AgreementPanel</name>
    <message numerus="yes">
        <source>%n frame(s) both labelled</source>
        <translation>
            <numerusform>%n frame both labelled</numerusform>
            <numerusform>%n frames both labelled</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n sample(s) both traced</source>
        <translation>
            <numerusform>%n sample both traced</numerusform>
            <numerusform>%n samples both traced</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>stf2m::ui::InferenceWorker</name>
    <message numerus="yes">
        <source>on %n held-out segment(s)</source>
        <translation>
            <numerusform>on %n held-out segment</numerusform>
            <numerusform>on %n held-out segments</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>leave-one-out over %n support segment(s)</source>
        <translation>
            <numerusform>leave-one-out over %n support segment</numerusform>
            <numerusform>leave-one-out over %n support segments</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Adapted to %1 (support set %2, %n clip(s)): %3. Accuracy %4. %5 session(s) re-predicted; adaptation took %6 s.</source>
        <translation>
            <numerusform>Adapted to %1 (support set %2, %n clip): %3. Accuracy %4. %5 session(s) re-predicted; adaptation took %6 s.</numerusform>
            <numerusform>Adapted to %1 (support set %2, %n clips): %3. Accuracy %4. %5 session(s) re-predicted; adaptation took %6 s.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Chosen by holding out %n support clip(s) in turn: %1 answered right.</source>
        <translation>
            <numerusform>Chosen by holding out %n support clip in turn: %1 answered right.</numerusform>
            <numerusform>Chosen by holding out %n support clips in turn: %1 answered right.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>stf2m::ui::MainWindow</name>
    <message numerus="yes">
        <source>Opened %1: %n frame(s)</source>
        <translation>
            <numerusform>Opened %1: %n frame</numerusform>
            <numerusform>Opened %1: %n frames</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Opened %1 with %n warning(s); see Media Information</source>
        <translation>
            <numerusform>Opened %1 with %n warning; see Media Information</numerusform>
            <numerusform>Opened %1 with %n warnings; see Media Information</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Opened project %1: %n session(s)</source>
        <translation>
            <numerusform>Opened project %1: %n session</numerusform>
            <numerusform>Opened project %1: %n sessions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n media file(s) of this project are not where the project says.</source>
        <translation>
            <numerusform>%n media file of this project is not where the project says.</numerusform>
            <numerusform>%n media files of this project are not where the project says.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>stf2m::ui::MediaInfoPanel</name>
    <message numerus="yes">
        <source>%n problem(s) while indexing</source>
        <translation>
            <numerusform>%n problem while indexing</numerusform>
            <numerusform>%n problems while indexing</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>frame interval %1–%2 ms over %n frame(s)</source>
        <translation>
            <numerusform>frame interval %1–%2 ms over %n frame</numerusform>
            <numerusform>frame interval %1–%2 ms over %n frames</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>stf2m::ui::PreferencesDialog</name>
    <message numerus="yes">
        <source>all (%n)</source>
        <translation>
            <numerusform>all (%n)</numerusform>
            <numerusform>all (%n)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>stf2m::ui::ProjectBrowser</name>
    <message numerus="yes">
        <source>%n window(s)</source>
        <translation>
            <numerusform>%n window</numerusform>
            <numerusform>%n windows</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) missing</source>
        <translation>
            <numerusform>%n file missing</numerusform>
            <numerusform>%n files missing</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>stf2m::ui::ReviewPanel</name>
    <message numerus="yes">
        <source>model %1, %n window(s)</source>
        <translation>
            <numerusform>model %1, %n window</numerusform>
            <numerusform>model %1, %n windows</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n stored window(s) did not match the model and are not shown</source>
        <translation>
            <numerusform>%n stored window did not match the model and is not shown</numerusform>
            <numerusform>%n stored windows did not match the model and are not shown</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 · %n window(s)</source>
        <translation>
            <numerusform>%1 · %n window</numerusform>
            <numerusform>%1 · %n windows</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>stf2m::ui::SubjectPanel</name>
    <message numerus="yes">
        <source>Subject %1 · %n session(s)</source>
        <translation>
            <numerusform>Subject %1 · %n session</numerusform>
            <numerusform>Subject %1 · %n sessions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 · %2 · %n segment(s)</source>
        <translation>
            <numerusform>%1 · %2 · %n segment</numerusform>
            <numerusform>%1 · %2 · %n segments</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Name of the support set of %n ticked segment(s):</source>
        <translation>
            <numerusform>Name of the support set of %n ticked segment:</numerusform>
            <numerusform>Name of the support set of %n ticked segments:</numerusform>
        </translation>
    </message>
</context>
</TS>
