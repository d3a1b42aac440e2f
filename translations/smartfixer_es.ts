<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
    <context>
        <name>SmartFixer</name>
        <message>
            <source>online</source>
            <translation>en línea</translation>
        </message>
        <message>
            <source>Active just now</source>
            <translation>Activo hace un momento</translation>
        </message>
        <message numerus="yes">
            <source>Active %n minute(s) ago</source>
            <translation>
                <numerusform>Activo hace %n minuto</numerusform>
                <numerusform>Activo hace %n minutos</numerusform>
            </translation>
        </message>
        <message>
            <source>Last seen today at %1</source>
            <translation>Visto por última vez hoy a las %1</translation>
        </message>
        <message>
            <source>Last seen yesterday at %1</source>
            <translation>Visto por última vez ayer a las %1</translation>
        </message>
        <message>
            <source>Last seen on %1 at %2</source>
            <extracomment>%1 is a date such as "3 Nov" or "3 Nov 2025", %2 a time such as "14:30"</extracomment>
            <translation>Visto por última vez el %1 a las %2</translation>
        </message>
        <message>
            <source>Last seen a long time ago</source>
            <translation>Visto por última vez hace mucho tiempo</translation>
        </message>
        <message>
            <source>Presence hidden</source>
            <translation>Presencia oculta</translation>
        </message>
        <message>
            <source>d MMM</source>
            <extracomment>Date format (QDate::toString) of a day in the current year, e.g. "3 Nov"</extracomment>
            <translation>d MMM</translation>
        </message>
        <message>
            <source>d MMM yyyy</source>
            <extracomment>Date format (QDate::toString) of a day in another year, e.g. "3 Nov 2025"</extracomment>
            <translation>d MMM yyyy</translation>
        </message>
    </context>
    <context>
        <name>SmartFixer::Ui::ContactListModel</name>
        <message numerus="yes">
            <source>%1, %2, %n unread message(s)</source>
            <translation type="unfinished">
                <numerusform />
                <numerusform />
            </translation>
        </message>
        <message>
            <source>%1, %2</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>SmartFixer::Ui::PresenceBadge</name>
        <message>
            <source>Online</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Recently active</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Away</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Hidden</source>
            <translation type="unfinished" />
        </message>
    </context>
</TS>
