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
</TS>
