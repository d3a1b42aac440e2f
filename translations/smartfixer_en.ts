<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>ErrorText</name>
    <message numerus="yes">
        <source>Too many tries — try again in %n second(s).</source>
        <translation>
            <numerusform>Too many tries — try again in %n second.</numerusform>
            <numerusform>Too many tries — try again in %n seconds.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Too many tries — try again in %n minute(s).</source>
        <translation>
            <numerusform>Too many tries — try again in %n minute.</numerusform>
            <numerusform>Too many tries — try again in %n minutes.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SmartFixer</name>
    <message numerus="yes">
        <source>Active %n minute(s) ago</source>
        <translation>
            <numerusform>Active %n minute ago</numerusform>
            <numerusform>Active %n minutes ago</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SmartFixer::DemoScript</name>
    <message numerus="yes">
        <source>Demo set up: %n demo user(s), time runs %1x faster, active window %2 min</source>
        <translation>
            <numerusform>Demo set up: %n demo user, time runs %1x faster, active window %2 min</numerusform>
            <numerusform>Demo set up: %n demo users, time runs %1x faster, active window %2 min</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::AddContactDialog</name>
    <message numerus="yes">
        <source>%n person(s) found.</source>
        <translation>
            <numerusform>%n person found.</numerusform>
            <numerusform>%n people found.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::ContactListModel</name>
    <message numerus="yes">
        <source>%1, %2, %n unread message(s)</source>
        <translation>
            <numerusform>%1, %2, %n unread message</numerusform>
            <numerusform>%1, %2, %n unread messages</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::ConversationsView</name>
    <message numerus="yes">
        <source>%1 (%n unread)</source>
        <translation>
            <numerusform>%1 (%n unread)</numerusform>
            <numerusform>%1 (%n unread)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::MainWindow</name>
    <message numerus="yes">
        <source>Not connected. Reconnecting in %n s —</source>
        <translation>
            <numerusform>Not connected. Reconnecting in %n s —</numerusform>
            <numerusform>Not connected. Reconnecting in %n s —</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::MessageSearchDialog</name>
    <message numerus="yes">
        <source>%n message(s) found.</source>
        <translation>
            <numerusform>%n message found.</numerusform>
            <numerusform>%n messages found.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::SessionBackend</name>
    <message numerus="yes">
        <source>Not connected. Reconnecting in %n s</source>
        <translation>
            <numerusform>Not connected. Reconnecting in %n s</numerusform>
            <numerusform>Not connected. Reconnecting in %n s</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::StatusMessageDialog</name>
    <message numerus="yes">
        <source>%n of 100 characters used</source>
        <translation>
            <numerusform>%n of 100 characters used</numerusform>
            <numerusform>%n of 100 characters used</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>At most %n characters.</source>
        <translation>
            <numerusform>At most %n characters.</numerusform>
            <numerusform>At most %n characters.</numerusform>
        </translation>
    </message>
</context>
</TS>
