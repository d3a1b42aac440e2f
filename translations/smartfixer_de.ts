<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>ErrorText</name>
    <message>
        <source>Wrong name or password.</source>
        <translation>Falscher Name oder falsches Passwort.</translation>
    </message>
    <message>
        <source>That name is taken. Choose another one, or sign in if it is yours.</source>
        <translation>Dieser Name ist vergeben. Wählen Sie einen anderen oder melden Sie sich an, wenn es Ihrer ist.</translation>
    </message>
    <message>
        <source>This server does not let you create accounts. Ask the person who runs it.</source>
        <translation>Auf diesem Server können Sie kein Konto anlegen. Fragen Sie die Person, die ihn betreibt.</translation>
    </message>
    <message>
        <source>Too many tries — wait a little and try again.</source>
        <translation>Zu viele Versuche – warten Sie kurz und versuchen Sie es erneut.</translation>
    </message>
    <message numerus="yes">
        <source>Too many tries — try again in %n second(s).</source>
        <translation>
            <numerusform>Zu viele Versuche – versuchen Sie es in %n Sekunde erneut.</numerusform>
            <numerusform>Zu viele Versuche – versuchen Sie es in %n Sekunden erneut.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Too many tries — try again in %n minute(s).</source>
        <translation>
            <numerusform>Zu viele Versuche – versuchen Sie es in %n Minute erneut.</numerusform>
            <numerusform>Zu viele Versuche – versuchen Sie es in %n Minuten erneut.</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot reach %1. Check the address and that the server is running.</source>
        <translation>%1 ist nicht erreichbar. Prüfen Sie die Adresse und ob der Server läuft.</translation>
    </message>
    <message>
        <source>The server did not answer in time. Try again.</source>
        <translation>Der Server hat nicht rechtzeitig geantwortet. Versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>This address is not a SmartFixer server.</source>
        <translation>Unter dieser Adresse läuft kein SmartFixer-Server.</translation>
    </message>
    <message>
        <source>The server did not accept this name or password.</source>
        <translation>Der Server hat diesen Namen oder dieses Passwort nicht angenommen.</translation>
    </message>
    <message>
        <source>Something went wrong on the server. Try again later.</source>
        <translation>Auf dem Server ist etwas schiefgegangen. Versuchen Sie es später erneut.</translation>
    </message>
    <message>
        <source>Enter the server address, e.g. http://192.168.1.20:8765.</source>
        <translation>Geben Sie die Serveradresse ein, z. B. http://192.168.1.20:8765.</translation>
    </message>
    <message>
        <source>The address must start with http:// or https://.</source>
        <translation>Die Adresse muss mit http:// oder https:// beginnen.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a computer name or IP address.</source>
        <translation>„%1“ ist kein Rechnername und keine IP-Adresse.</translation>
    </message>
    <message>
        <source>The port must be a number from 1 to 65535.</source>
        <translation>Der Port muss eine Zahl von 1 bis 65535 sein.</translation>
    </message>
    <message>
        <source>Unexpected &quot;%1&quot; in the address.</source>
        <translation>Unerwartetes „%1“ in der Adresse.</translation>
    </message>
    <message>
        <source>The certificate of %1 has CHANGED since you trusted it: someone may be intercepting the connection, so SmartFixer does not connect.</source>
        <translation>Das Zertifikat von %1 hat sich GEÄNDERT, seit Sie ihm vertraut haben: Jemand könnte die Verbindung abfangen, daher verbindet SmartFixer nicht.</translation>
    </message>
    <message>
        <source>The server&apos;s certificate expired on %1.</source>
        <translation>Das Zertifikat des Servers ist am %1 abgelaufen.</translation>
    </message>
    <message>
        <source>The server&apos;s certificate is not valid before %1. Check this computer&apos;s date and time.</source>
        <translation>Das Zertifikat des Servers ist erst ab %1 gültig. Prüfen Sie Datum und Uhrzeit dieses Computers.</translation>
    </message>
    <message>
        <source>The server&apos;s certificate names no server, so it cannot be for %1.</source>
        <translation>Das Zertifikat des Servers nennt keinen Server und kann daher nicht für %1 gelten.</translation>
    </message>
    <message>
        <source>The server&apos;s certificate is for %1, not for %2. Check the address.</source>
        <translation>Das Zertifikat des Servers gilt für %1, nicht für %2. Prüfen Sie die Adresse.</translation>
    </message>
    <message>
        <source>The server made its certificate itself (self-signed): no authority this computer trusts vouches for it.</source>
        <translation>Der Server hat sein Zertifikat selbst ausgestellt (selbstsigniert): Keine Stelle, der dieser Computer vertraut, bürgt dafür.</translation>
    </message>
    <message>
        <source>The server&apos;s certificate is issued by an authority this computer does not trust.</source>
        <translation>Das Zertifikat des Servers stammt von einer Stelle, der dieser Computer nicht vertraut.</translation>
    </message>
    <message>
        <source>The server&apos;s certificate was revoked by whoever issued it.</source>
        <translation>Das Zertifikat des Servers wurde von seinem Aussteller widerrufen.</translation>
    </message>
    <message>
        <source>The server sent no certificate.</source>
        <translation>Der Server hat kein Zertifikat gesendet.</translation>
    </message>
    <message>
        <source>The server&apos;s certificate cannot be checked.</source>
        <translation>Das Zertifikat des Servers kann nicht geprüft werden.</translation>
    </message>
    <message>
        <source>The server did not accept this status: the message may be too long or hold characters it does not allow, or the time to clear it has passed. Your status did not change.</source>
        <translation>Der Server hat diesen Status nicht angenommen: Die Nachricht ist vielleicht zu lang oder enthält Zeichen, die er nicht erlaubt, oder der Zeitpunkt zum Löschen ist schon vorbei. Ihr Status ist unverändert.</translation>
    </message>
    <message>
        <source>You are signed out. Sign in again to change your status.</source>
        <translation>Sie sind abgemeldet. Melden Sie sich erneut an, um Ihren Status zu ändern.</translation>
    </message>
    <message>
        <source>Too many changes at once — wait a little and try again.</source>
        <translation>Zu viele Änderungen auf einmal – warten Sie kurz und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The server cannot be reached, so your status did not change. Try again when you are connected.</source>
        <translation>Der Server ist nicht erreichbar, daher ist Ihr Status unverändert. Versuchen Sie es erneut, wenn Sie verbunden sind.</translation>
    </message>
    <message>
        <source>This server does not support setting your status.</source>
        <translation>Dieser Server unterstützt das Setzen eines Status nicht.</translation>
    </message>
    <message>
        <source>Your status could not be changed. Try again later.</source>
        <translation>Ihr Status konnte nicht geändert werden. Versuchen Sie es später erneut.</translation>
    </message>
</context>
<context>
    <name>SmartFixer</name>
    <message>
        <source>online</source>
        <translation>online</translation>
    </message>
    <message>
        <source>Active just now</source>
        <translation>Gerade eben aktiv</translation>
    </message>
    <message numerus="yes">
        <source>Active %n minute(s) ago</source>
        <translation>
            <numerusform>Vor %n Minute aktiv</numerusform>
            <numerusform>Vor %n Minuten aktiv</numerusform>
        </translation>
    </message>
    <message>
        <source>Last seen today at %1</source>
        <translation>Zuletzt gesehen heute um %1</translation>
    </message>
    <message>
        <source>Last seen yesterday at %1</source>
        <translation>Zuletzt gesehen gestern um %1</translation>
    </message>
    <message>
        <source>Last seen on %1 at %2</source>
        <extracomment>%1 is a date such as &quot;3 Nov&quot; or &quot;3 Nov 2025&quot;, %2 a time such as &quot;14:30&quot;</extracomment>
        <translation>Zuletzt gesehen am %1 um %2</translation>
    </message>
    <message>
        <source>Last seen a long time ago</source>
        <translation>Zuletzt gesehen vor langer Zeit</translation>
    </message>
    <message>
        <source>Presence hidden</source>
        <translation>Anwesenheit verborgen</translation>
    </message>
    <message>
        <source>d MMM</source>
        <extracomment>Date format (QDate::toString) of a day in the current year, e.g. &quot;3 Nov&quot;</extracomment>
        <translation>d. MMM</translation>
    </message>
    <message>
        <source>d MMM yyyy</source>
        <extracomment>Date format (QDate::toString) of a day in another year, e.g. &quot;3 Nov 2025&quot;</extracomment>
        <translation>d. MMM yyyy</translation>
    </message>
    <message>
        <source>Last seen recently</source>
        <translation>Zuletzt gesehen vor Kurzem</translation>
    </message>
    <message>
        <source>Last seen within a week</source>
        <translation>Zuletzt gesehen innerhalb einer Woche</translation>
    </message>
    <message>
        <source>Last seen within a month</source>
        <translation>Zuletzt gesehen innerhalb eines Monats</translation>
    </message>
</context>
<context>
    <name>SmartFixer::DemoScript</name>
    <message>
        <source>the demo server is not running</source>
        <translation>der Demo-Server läuft nicht</translation>
    </message>
    <message>
        <source>You (demo)</source>
        <translation>Sie (Demo)</translation>
    </message>
    <message>
        <source>Online all the time; answers your messages.</source>
        <translation>Die ganze Zeit online; beantwortet Ihre Nachrichten.</translation>
    </message>
    <message>
        <source>Leaves early: active just now, then N minutes ago.</source>
        <translation>Geht früh: gerade eben aktiv, dann vor N Minuten.</translation>
    </message>
    <message>
        <source>Was active 3 minutes ago; turns &quot;last seen today&quot;.</source>
        <translation>War vor 3 Minuten aktiv; wird zu „zuletzt gesehen heute“.</translation>
    </message>
    <message>
        <source>Last seen yesterday; comes online mid-cycle.</source>
        <translation>Zuletzt gestern gesehen; kommt mitten im Durchlauf online.</translation>
    </message>
    <message>
        <source>Online but hides her presence; shows it briefly.</source>
        <translation>Online, verbirgt aber ihre Anwesenheit; zeigt sie kurz.</translation>
    </message>
    <message>
        <source>Never seen; drops in for a moment.</source>
        <translation>Nie gesehen; schaut kurz vorbei.</translation>
    </message>
    <message>
        <source>Last seen a few days ago.</source>
        <translation>Vor einigen Tagen zuletzt gesehen.</translation>
    </message>
    <message numerus="yes">
        <source>Demo set up: %n demo user(s), time runs %1x faster, active window %2 min</source>
        <translation>
            <numerusform>Demo bereit: %n Demo-Person, die Zeit läuft %1-mal schneller, Aktivitätsfenster %2 min</numerusform>
            <numerusform>Demo bereit: %n Demo-Personen, die Zeit läuft %1-mal schneller, Aktivitätsfenster %2 min</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 connects</source>
        <translation>%1 verbindet sich</translation>
    </message>
    <message>
        <source>%1 disconnects</source>
        <translation>%1 trennt die Verbindung</translation>
    </message>
    <message>
        <source>%1 sets privacy to Nobody (presence hidden)</source>
        <translation>%1 stellt die Privatsphäre auf Niemand (Anwesenheit verborgen)</translation>
    </message>
    <message>
        <source>%1 sets privacy to Everyone (presence visible)</source>
        <translation>%1 stellt die Privatsphäre auf Alle (Anwesenheit sichtbar)</translation>
    </message>
    <message>
        <source>Hi! I&apos;m %1, one of the demo people.</source>
        <translation>Hallo! Ich bin %1, eine der Demo-Personen.</translation>
    </message>
    <message>
        <source>You wrote &quot;%1&quot;. Watch my badge in the list while we talk.</source>
        <translation>Sie schrieben „%1“. Achten Sie auf mein Abzeichen in der Liste, während wir schreiben.</translation>
    </message>
    <message>
        <source>Every message counts as activity, so the server marks me active.</source>
        <translation>Jede Nachricht zählt als Aktivität, also markiert mich der Server als aktiv.</translation>
    </message>
    <message>
        <source>Try Privacy in the menu: with &quot;Nobody&quot; the others see &quot;Presence hidden&quot;.</source>
        <translation>Probieren Sie „Privatsphäre“ im Menü: Mit „Niemand“ sehen die anderen „Anwesenheit verborgen“.</translation>
    </message>
    <message>
        <source>%1 got a message and will answer</source>
        <translation>%1 hat eine Nachricht erhalten und antwortet gleich</translation>
    </message>
    <message>
        <source>%1 could not change privacy: %2</source>
        <translation>%1 konnte die Privatsphäre nicht ändern: %2</translation>
    </message>
    <message>
        <source>Writing the first program — back soon</source>
        <translation>Schreibe das erste Programm – bin gleich zurück</translation>
    </message>
    <message>
        <source>%1 could not change status: %2</source>
        <translation>%1 konnte den Status nicht ändern: %2</translation>
    </message>
    <message>
        <source>%1 sets Do not disturb: &quot;%2&quot; (clears itself)</source>
        <translation>%1 setzt „Bitte nicht stören“: „%2“ (löscht sich selbst)</translation>
    </message>
    <message>
        <source>%1 goes invisible (looks offline to others)</source>
        <translation>%1 wird unsichtbar (wirkt für andere offline)</translation>
    </message>
    <message>
        <source>%1 is back to the automatic status</source>
        <translation>%1 ist zurück beim automatischen Status</translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::AddContactDialog</name>
    <message>
        <source>Add contact</source>
        <translation>Kontakt hinzufügen</translation>
    </message>
    <message>
        <source>Search by name or user name</source>
        <translation>Nach Name oder Benutzername suchen</translation>
    </message>
    <message>
        <source>Search the user directory</source>
        <translation>Im Benutzerverzeichnis suchen</translation>
    </message>
    <message>
        <source>People found</source>
        <translation>Gefundene Personen</translation>
    </message>
    <message>
        <source>Type at least one letter.</source>
        <translation>Geben Sie mindestens einen Buchstaben ein.</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Hinzufügen</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Suche läuft…</translation>
    </message>
    <message>
        <source>Nobody found.</source>
        <translation>Niemand gefunden.</translation>
    </message>
    <message numerus="yes">
        <source>%n person(s) found.</source>
        <translation>
            <numerusform>%n Person gefunden.</numerusform>
            <numerusform>%n Personen gefunden.</numerusform>
        </translation>
    </message>
    <message>
        <source>Added %1.</source>
        <translation type="vanished">%1 hinzugefügt.</translation>
    </message>
    <message>
        <source>%1 — already a contact</source>
        <translation>%1 – bereits ein Kontakt</translation>
    </message>
    <message>
        <source>Everyone found is already in your contacts.</source>
        <translation>Alle Gefundenen sind bereits in Ihren Kontakten.</translation>
    </message>
    <message>
        <source>Added %1. Add more, or close this window.</source>
        <translation>%1 hinzugefügt. Fügen Sie weitere hinzu oder schließen Sie dieses Fenster.</translation>
    </message>
    <message>
        <source>%1 — added</source>
        <translation>%1 – hinzugefügt</translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::AvatarWidget</name>
    <message>
        <source>Avatar of %1</source>
        <translation>Avatar von %1</translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::ChatPane</name>
    <message>
        <source>Select a contact on the left to start a conversation.</source>
        <translation>Wählen Sie links einen Kontakt, um ein Gespräch zu beginnen.</translation>
    </message>
    <message>
        <source>Contact status</source>
        <translation>Status des Kontakts</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Profil</translation>
    </message>
    <message>
        <source>Show profile</source>
        <translation>Profil anzeigen</translation>
    </message>
    <message>
        <source>Show this contact&apos;s profile (Ctrl+I)</source>
        <translation>Profil dieses Kontakts anzeigen (Strg+I)</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Nachrichten</translation>
    </message>
    <message>
        <source>Typing indicator</source>
        <translation>Tippanzeige</translation>
    </message>
    <message>
        <source>Write a message… (Enter sends)</source>
        <translation>Nachricht schreiben… (Eingabe sendet)</translation>
    </message>
    <message>
        <source>Message text</source>
        <translation>Nachrichtentext</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>&amp;Senden</translation>
    </message>
    <message>
        <source>Send message</source>
        <translation>Nachricht senden</translation>
    </message>
    <message>
        <source>Status unknown</source>
        <translation>Status unbekannt</translation>
    </message>
    <message>
        <source>Message to %1</source>
        <translation>Nachricht an %1</translation>
    </message>
    <message>
        <source>%1 is typing…</source>
        <translation>%1 schreibt…</translation>
    </message>
    <message>
        <source>Contact name</source>
        <translation>Name des Kontakts</translation>
    </message>
    <message>
        <source>Last known: %1</source>
        <translation>Zuletzt bekannt: %1</translation>
    </message>
    <message>
        <source>Status message</source>
        <translation>Statusnachricht</translation>
    </message>
    <message>
        <source>%1 — Do not disturb</source>
        <extracomment>Chat header: %1 is the presence text (&quot;online&quot;), then the manual status</extracomment>
        <translation>%1 – Bitte nicht stören</translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::ContactDelegate</name>
    <message>
        <source>%1 · has not added you back</source>
        <translation>%1 · hat Sie noch nicht hinzugefügt</translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::ContactListModel</name>
    <message numerus="yes">
        <source>%1, %2, %n unread message(s)</source>
        <translation>
            <numerusform>%1, %2, %n ungelesene Nachricht</numerusform>
            <numerusform>%1, %2, %n ungelesene Nachrichten</numerusform>
        </translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>%1 — last known: %2 (not current while disconnected)</source>
        <translation>%1 – zuletzt bekannt: %2 (ohne Verbindung nicht aktuell)</translation>
    </message>
    <message>
        <source>%1 — %2. %1 has not added you back yet.</source>
        <translation>%1 – %2. %1 hat Sie noch nicht als Kontakt hinzugefügt.</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 – %2</translation>
    </message>
    <message>
        <source>“%1”</source>
        <extracomment>A status message quoted after the presence text</extracomment>
        <translation>„%1“</translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::ConversationsView</name>
    <message>
        <source>Chats</source>
        <translation>Chats</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n unread)</source>
        <translation>
            <numerusform>%1 (%n ungelesen)</numerusform>
            <numerusform>%1 (%n ungelesen)</numerusform>
        </translation>
    </message>
    <message>
        <source>You: %1</source>
        <extracomment>Preview of our own last message in the conversations list</extracomment>
        <translation>Sie: %1</translation>
    </message>
    <message>
        <source>No conversations yet.</source>
        <translation>Noch keine Gespräche.</translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::DemoPanel</name>
    <message>
        <source>QA panel (demo)</source>
        <translation>QS-Bereich (Demo)</translation>
    </message>
    <message>
        <source>QA panel</source>
        <translation>QS-Bereich</translation>
    </message>
    <message>
        <source>Demo time runs %1x faster. &quot;True state&quot; is what the server holds; &quot;Shown&quot; is what this app displays after privacy.</source>
        <translation>Die Demo-Zeit läuft %1-mal schneller. „Echter Zustand“ ist, was der Server kennt; „Angezeigt“ ist, was diese App nach der Privatsphäre zeigt.</translation>
    </message>
    <message>
        <source>Demo users and their states</source>
        <translation>Demo-Personen und ihre Zustände</translation>
    </message>
    <message>
        <source>Demo user</source>
        <translation>Demo-Person</translation>
    </message>
    <message>
        <source>True state</source>
        <translation>Echter Zustand</translation>
    </message>
    <message>
        <source>Shown in the app</source>
        <translation type="vanished">Angezeigt in der App</translation>
    </message>
    <message>
        <source>Script</source>
        <translation>Skript</translation>
    </message>
    <message>
        <source>&amp;Force selected user:</source>
        <translation>Ausgewählte Person &amp;zwingen:</translation>
    </message>
    <message>
        <source>State to force</source>
        <translation>Zu erzwingender Zustand</translation>
    </message>
    <message>
        <source>Online (connect)</source>
        <translation>Online (verbinden)</translation>
    </message>
    <message>
        <source>Offline (active, then last seen)</source>
        <translation>Offline (aktiv, dann zuletzt gesehen)</translation>
    </message>
    <message>
        <source>Hidden (privacy: nobody)</source>
        <translation>Verborgen (Privatsphäre: niemand)</translation>
    </message>
    <message>
        <source>Visible (privacy: everyone)</source>
        <translation>Sichtbar (Privatsphäre: alle)</translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation>&amp;Anwenden</translation>
    </message>
    <message>
        <source>Apply forced state</source>
        <translation>Erzwungenen Zustand anwenden</translation>
    </message>
    <message>
        <source>Event log</source>
        <translation>Ereignisprotokoll</translation>
    </message>
    <message>
        <source>app shows %1: %2</source>
        <translation>App zeigt %1: %2</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>verbunden</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>offline</translation>
    </message>
    <message>
        <source>%1, hidden</source>
        <translation>%1, verborgen</translation>
    </message>
    <message>
        <source>Events (times on the demo clock):</source>
        <translation>Ereignisse (Zeiten auf der Demo-Uhr):</translation>
    </message>
    <message>
        <source>Shown</source>
        <translation>Angezeigt</translation>
    </message>
    <message>
        <source>The scripted demo user</source>
        <translation>Der Demo-Benutzer aus dem Skript</translation>
    </message>
    <message>
        <source>The state the server holds for this user</source>
        <translation>Der Zustand, den der Server für diesen Benutzer kennt</translation>
    </message>
    <message>
        <source>What this app shows for the user, after privacy</source>
        <translation>Was diese App nach den Datenschutzeinstellungen anzeigt</translation>
    </message>
    <message>
        <source>What the demo script is doing with this user</source>
        <translation>Was das Demo-Skript mit diesem Benutzer macht</translation>
    </message>
    <message>
        <source>Do not disturb (message clears itself)</source>
        <translation>Bitte nicht stören (Nachricht löscht sich selbst)</translation>
    </message>
    <message>
        <source>Invisible (looks offline)</source>
        <translation>Unsichtbar (wirkt offline)</translation>
    </message>
    <message>
        <source>Automatic status</source>
        <translation>Automatischer Status</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::DesktopApp</name>
    <message>
        <source>cannot create a temporary folder: %1</source>
        <translation>kann keinen temporären Ordner anlegen: %1</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an IP address to listen on</source>
        <translation>„%1“ ist keine IP-Adresse, auf der gelauscht werden kann</translation>
    </message>
    <message>
        <source>Hosting: others connect to %1</source>
        <translation type="vanished">Server läuft: andere verbinden sich mit %1</translation>
    </message>
    <message>
        <source>Restart SmartFixer</source>
        <translation>SmartFixer neu starten</translation>
    </message>
    <message>
        <source>The new settings take effect after a restart. Restart SmartFixer now?</source>
        <translation>Die neuen Einstellungen gelten nach einem Neustart. SmartFixer jetzt neu starten?</translation>
    </message>
    <message>
        <source>Could not start SmartFixer again; please start it yourself.</source>
        <translation>SmartFixer konnte nicht neu gestartet werden; bitte starten Sie es selbst.</translation>
    </message>
    <message>
        <source>Port %1 is in use</source>
        <translation>Port %1 ist belegt</translation>
    </message>
    <message>
        <source>SmartFixer cannot host on port %1: another program (perhaps another copy of SmartFixer) already uses it.</source>
        <translation>SmartFixer kann auf Port %1 keinen Server anbieten: Ein anderes Programm (vielleicht eine weitere SmartFixer-Instanz) nutzt ihn bereits.</translation>
    </message>
    <message>
        <source>Host on a free port instead? Others then need the new address, shown in the status bar. You can choose a fixed port in Preferences.</source>
        <translation>Stattdessen einen freien Port verwenden? Andere brauchen dann die neue Adresse aus der Statusleiste. Einen festen Port wählen Sie in den Einstellungen.</translation>
    </message>
    <message>
        <source>Use a &amp;free port</source>
        <translation>&amp;Freien Port verwenden</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>Port %1 was busy; hosting on port %2 instead.</source>
        <translation>Port %1 war belegt; der Server läuft stattdessen auf Port %2.</translation>
    </message>
    <message>
        <source>Your name on this server</source>
        <translation>Ihr Name auf diesem Server</translation>
    </message>
    <message>
        <source>You host the server, so you are signed in without a password. Which user name should others see?</source>
        <translation>Sie betreiben den Server und sind daher ohne Passwort angemeldet. Welchen Benutzernamen sollen andere sehen?</translation>
    </message>
    <message>
        <source>Hosting: others connect to %1 — certificate SHA-256 %2</source>
        <translation>Server läuft: andere verbinden sich mit %1 – Zertifikat SHA-256 %2</translation>
    </message>
    <message>
        <source>Your saved sign-in could not be read from the keyring (%1). Please sign in.</source>
        <translation>Ihre gespeicherte Anmeldung konnte nicht aus dem Schlüsselbund gelesen werden (%1). Bitte melden Sie sich an.</translation>
    </message>
    <message>
        <source>Could not keep your sign-in in the keyring (%1); you will be asked for your password next time.</source>
        <translation>Ihre Anmeldung konnte nicht im Schlüsselbund gespeichert werden (%1); beim nächsten Mal werden Sie nach Ihrem Passwort gefragt.</translation>
    </message>
    <message>
        <source>Stay signed in</source>
        <translation>Angemeldet bleiben</translation>
    </message>
    <message>
        <source>No keyring is running, so you&apos;ll be asked for your password next time.</source>
        <translation>Es läuft kein Schlüsselbund, daher werden Sie beim nächsten Mal nach Ihrem Passwort gefragt.</translation>
    </message>
    <message>
        <source>SmartFixer keeps sign-ins only in the system keyring (such as GNOME Keyring or KWallet), never in a plain file.</source>
        <translation>SmartFixer speichert Anmeldungen nur im Schlüsselbund des Systems (etwa GNOME-Schlüsselbund oder KWallet), nie in einer einfachen Datei.</translation>
    </message>
    <message>
        <source>Your sign-in is no longer valid (it expired, or it was ended on another device or by the server&apos;s administrator). Please sign in again.</source>
        <translation>Ihre Anmeldung ist nicht mehr gültig (sie ist abgelaufen oder wurde auf einem anderen Gerät oder vom Administrator des Servers beendet). Bitte melden Sie sich erneut an.</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1 auf %2</translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::FoundServersList</name>
    <message>
        <source>Servers on this network:</source>
        <translation>Server in diesem Netzwerk:</translation>
    </message>
    <message>
        <source>Servers found on this network</source>
        <translation>In diesem Netzwerk gefundene Server</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>encrypted</source>
        <translation>verschlüsselt</translation>
    </message>
    <message>
        <source>Choose one to fill in its address, or type an address below.</source>
        <translation>Wählen Sie einen, um seine Adresse einzutragen, oder geben Sie unten eine Adresse ein.</translation>
    </message>
    <message>
        <source>Cannot look for servers on this network (%1). Type the address below.</source>
        <translation>Server in diesem Netzwerk können nicht gesucht werden (%1). Geben Sie die Adresse unten ein.</translation>
    </message>
    <message>
        <source>Looking for servers… none found yet. You can type the address below.</source>
        <translation>Suche nach Servern … noch keiner gefunden. Sie können die Adresse unten eingeben.</translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::LoginDialog</name>
    <message>
        <source>Sign in to SmartFixer</source>
        <translation>Bei SmartFixer anmelden</translation>
    </message>
    <message>
        <source>Server: %1</source>
        <translation type="vanished">Server: %1</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Serveradresse</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>&amp;Benutzername:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <source>Sign-in error</source>
        <translation>Anmeldefehler</translation>
    </message>
    <message>
        <source>&amp;Sign in</source>
        <translation>&amp;Anmelden</translation>
    </message>
    <message>
        <source>&amp;Create account</source>
        <translation>Konto &amp;erstellen</translation>
    </message>
    <message>
        <source>Create this account on the server (only where the server allows it, e.g. a LAN host).</source>
        <translation>Dieses Konto auf dem Server anlegen (nur wo der Server es erlaubt, z. B. ein Server im lokalen Netz).</translation>
    </message>
    <message>
        <source>Choose a user name and a password first.</source>
        <translation>Wählen Sie zuerst einen Benutzernamen und ein Passwort.</translation>
    </message>
    <message>
        <source>Creating the account…</source>
        <translation>Konto wird erstellt…</translation>
    </message>
    <message>
        <source>Could not sign in: %1</source>
        <translation type="vanished">Anmeldung fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Please enter your user name.</source>
        <translation>Bitte geben Sie Ihren Benutzernamen ein.</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Anmeldung läuft…</translation>
    </message>
    <message>
        <source>Se&amp;rver:</source>
        <translation>Se&amp;rver:</translation>
    </message>
    <message>
        <source>S&amp;tay signed in</source>
        <translation>Angemeldet &amp;bleiben</translation>
    </message>
    <message>
        <source>Keeps your sign-in in this computer&apos;s keyring, so SmartFixer signs you in at start without asking for the password. Sign out forgets it.</source>
        <translation>Bewahrt Ihre Anmeldung im Schlüsselbund dieses Computers auf, sodass SmartFixer Sie beim Start ohne Passwortabfrage anmeldet. „Abmelden“ vergisst sie.</translation>
    </message>
    <message>
        <source>The server&apos;s certificate cannot be used: %1</source>
        <translation type="vanished">Das Zertifikat des Servers ist nicht verwendbar: %1</translation>
    </message>
    <message>
        <source>WARNING: the certificate of %1 has CHANGED since you trusted it.

Trusted:  %2
Now:      %3

Someone may be intercepting the connection. SmartFixer refuses to connect. If the host really made a new certificate, ask its owner to confirm the new fingerprint.</source>
        <translation>WARNUNG: Das Zertifikat von %1 hat sich GEÄNDERT, seit Sie ihm vertraut haben.

Vertraut: %2
Jetzt:    %3

Möglicherweise hört jemand die Verbindung ab. SmartFixer verbindet sich nicht. Falls der Host wirklich ein neues Zertifikat erstellt hat, lassen Sie sich den neuen Fingerabdruck von seinem Besitzer bestätigen.</translation>
    </message>
    <message>
        <source>Refused: the certificate of %1 has changed.</source>
        <translation>Abgelehnt: Das Zertifikat von %1 hat sich geändert.</translation>
    </message>
    <message>
        <source>Certificate changed</source>
        <translation>Zertifikat geändert</translation>
    </message>
    <message>
        <source>%1 shows a certificate that no authority this computer trusts has signed (normal for a SmartFixer LAN host).

Compare its SHA-256 fingerprint with the one the host&apos;s window shows:

%2

Trust this certificate for %1 from now on?</source>
        <translation>%1 zeigt ein Zertifikat, das keine Stelle unterschrieben hat, der dieser Computer vertraut (normal für einen SmartFixer-Server im lokalen Netz).

Vergleichen Sie seinen SHA-256-Fingerabdruck mit dem, den das Fenster des Hosts zeigt:

%2

Diesem Zertifikat für %1 ab jetzt vertrauen?</translation>
    </message>
    <message>
        <source>Trust this server?</source>
        <translation>Diesem Server vertrauen?</translation>
    </message>
    <message>
        <source>&amp;Trust</source>
        <translation>&amp;Vertrauen</translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::MainWindow</name>
    <message>
        <source>Filter contacts (Ctrl+F)</source>
        <translation>Kontakte filtern (Strg+F)</translation>
    </message>
    <message>
        <source>Filter contacts</source>
        <translation>Kontakte filtern</translation>
    </message>
    <message>
        <source>Add contact</source>
        <translation>Kontakt hinzufügen</translation>
    </message>
    <message>
        <source>Add a contact from the user directory (Ctrl+N)</source>
        <translation>Einen Kontakt aus dem Benutzerverzeichnis hinzufügen (Strg+N)</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>Kontakte</translation>
    </message>
    <message>
        <source>&amp;SmartFixer</source>
        <translation>&amp;SmartFixer</translation>
    </message>
    <message>
        <source>&amp;Privacy…</source>
        <translation>&amp;Privatsphäre…</translation>
    </message>
    <message>
        <source>Pr&amp;eferences…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>&amp;Abmelden</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Contacts</source>
        <translation>&amp;Kontakte</translation>
    </message>
    <message>
        <source>&amp;Find contact</source>
        <translation>Kontakt &amp;suchen</translation>
    </message>
    <message>
        <source>&amp;Add contact…</source>
        <translation>Kontakt &amp;hinzufügen…</translation>
    </message>
    <message>
        <source>View &amp;profile</source>
        <translation>&amp;Profil anzeigen</translation>
    </message>
    <message>
        <source>&amp;Write message</source>
        <translation>Nachricht &amp;schreiben</translation>
    </message>
    <message>
        <source>Go to contact &amp;list</source>
        <translation>Zur Kontakt&amp;liste</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About SmartFixer</source>
        <translation>&amp;Über SmartFixer</translation>
    </message>
    <message>
        <source>Your presence</source>
        <translation>Ihre Anwesenheit</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <source>Hosting address</source>
        <translation>Serveradresse für andere</translation>
    </message>
    <message>
        <source>&amp;Show SmartFixer</source>
        <translation>SmartFixer &amp;anzeigen</translation>
    </message>
    <message>
        <source>SmartFixer</source>
        <translation>SmartFixer</translation>
    </message>
    <message>
        <source>You: %1</source>
        <translation>Sie: %1</translation>
    </message>
    <message>
        <source>SmartFixer — %1</source>
        <translation>SmartFixer — %1</translation>
    </message>
    <message>
        <source>Someone</source>
        <translation>Jemand</translation>
    </message>
    <message>
        <source>New message from %1</source>
        <translation type="vanished">Neue Nachricht von %1</translation>
    </message>
    <message>
        <source>About SmartFixer</source>
        <translation>Über SmartFixer</translation>
    </message>
    <message>
        <source>&lt;h3&gt;SmartFixer Desktop %1&lt;/h3&gt;&lt;p&gt;Chat with live presence: online, active a few minutes ago, or last seen at a time.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;SmartFixer Desktop %1&lt;/h3&gt;&lt;p&gt;Chatten mit Live-Anwesenheit: online, vor ein paar Minuten aktiv oder zuletzt zu einer bestimmten Zeit gesehen.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;Retry now</source>
        <translation>&amp;Jetzt erneut versuchen</translation>
    </message>
    <message>
        <source>Retry connecting now</source>
        <translation>Jetzt erneut verbinden</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message numerus="yes">
        <source>Not connected. Reconnecting in %n s —</source>
        <translation>
            <numerusform>Nicht verbunden. Neuer Versuch in %n s –</numerusform>
            <numerusform>Nicht verbunden. Neuer Versuch in %n s –</numerusform>
        </translation>
    </message>
    <message>
        <source>No contacts yet. Find people on this server with &quot;Add contact&quot; (Ctrl+N); their status then shows here.</source>
        <translation>Noch keine Kontakte. Finden Sie Personen auf diesem Server mit „Kontakt hinzufügen“ (Strg+N); ihr Status erscheint dann hier.</translation>
    </message>
    <message>
        <source>No matches for &quot;%1&quot;. Esc clears the filter.</source>
        <translation>Keine Treffer für „%1“. Esc leert den Filter.</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Open chat</source>
        <translation>Chat ö&amp;ffnen</translation>
    </message>
    <message>
        <source>&amp;Remove contact</source>
        <translation>Kontakt &amp;entfernen</translation>
    </message>
    <message>
        <source>Removes %1 from your list; your conversation stays.</source>
        <translation>Entfernt %1 aus Ihrer Liste; der Verlauf bleibt erhalten.</translation>
    </message>
    <message>
        <source>Removed %1 from your contacts.</source>
        <translation>%1 wurde aus Ihren Kontakten entfernt.</translation>
    </message>
    <message>
        <source>S&amp;ign in…</source>
        <translation>&amp;Anmelden…</translation>
    </message>
    <message>
        <source>&amp;Search messages…</source>
        <translation>Nachrichten &amp;durchsuchen…</translation>
    </message>
    <message>
        <source>You are not signed in.</source>
        <translation>Sie sind nicht angemeldet.</translation>
    </message>
    <message>
        <source>Contacts and chats</source>
        <translation>Kontakte und Chats</translation>
    </message>
    <message>
        <source>Lists</source>
        <translation>Listen</translation>
    </message>
    <message>
        <source>Chats</source>
        <translation>Chats</translation>
    </message>
    <message>
        <source>User %1</source>
        <translation>Benutzer %1</translation>
    </message>
    <message>
        <source>SmartFixer — %1 (%2)</source>
        <translation>SmartFixer – %1 (%2)</translation>
    </message>
    <message>
        <source>Your status</source>
        <translation>Ihr Status</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Your status: %1 (click to change)</source>
        <translation>Ihr Status: %1 (zum Ändern klicken)</translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::MessageModel</name>
    <message>
        <source>◷ Queued</source>
        <extracomment>Delivery state of an outgoing message that waits for the connection</extracomment>
        <translation>◷ Wartet</translation>
    </message>
    <message>
        <source>✓ Sent</source>
        <extracomment>Delivery state: the server stored the message</extracomment>
        <translation>✓ Gesendet</translation>
    </message>
    <message>
        <source>⚠ Not sent: %1</source>
        <translation>⚠ Nicht gesendet: %1</translation>
    </message>
    <message>
        <source>You</source>
        <translation>Sie</translation>
    </message>
    <message>
        <source>Them</source>
        <translation>Gegenüber</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>✓✓ Read</source>
        <extracomment>Receipt: the recipient has read the message</extracomment>
        <translation>✓✓ Gelesen</translation>
    </message>
    <message>
        <source>✓✓ Delivered</source>
        <extracomment>Receipt: a device of the recipient has received the message</extracomment>
        <translation>✓✓ Zugestellt</translation>
    </message>
    <message>
        <source>Today</source>
        <extracomment>Date line in the chat above the first message of today</extracomment>
        <translation>Heute</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>Gestern</translation>
    </message>
    <message>
        <source>dddd, d MMMM</source>
        <extracomment>Date line for a day of this year: weekday, day and month as the locale writes them</extracomment>
        <translation>dddd, d. MMMM</translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::MessageSearchDialog</name>
    <message>
        <source>Search messages</source>
        <translation>Nachrichten durchsuchen</translation>
    </message>
    <message>
        <source>Search your messages</source>
        <translation>Ihre Nachrichten durchsuchen</translation>
    </message>
    <message>
        <source>Search text</source>
        <translation>Suchtext</translation>
    </message>
    <message>
        <source>Only the conversation with %1</source>
        <translation>Nur das Gespräch mit %1</translation>
    </message>
    <message>
        <source>Only this conversation</source>
        <translation>Nur dieses Gespräch</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>Suchergebnisse</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Suche läuft…</translation>
    </message>
    <message>
        <source>You</source>
        <translation>Sie</translation>
    </message>
    <message>
        <source>User %1</source>
        <translation>Benutzer %1</translation>
    </message>
    <message>
        <source>%1 · %2
%3</source>
        <translation>%1 · %2
%3</translation>
    </message>
    <message>
        <source>No messages found.</source>
        <translation>Keine Nachrichten gefunden.</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) found.</source>
        <translation>
            <numerusform>%n Nachricht gefunden.</numerusform>
            <numerusform>%n Nachrichten gefunden.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::Notifier</name>
    <message>
        <source>New message from %1</source>
        <translation>Neue Nachricht von %1</translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::OwnStatusActions</name>
    <message>
        <source>&amp;Automatic</source>
        <translation>&amp;Automatisch</translation>
    </message>
    <message>
        <source>Online, active or last seen, as your activity says.</source>
        <translation>Online, aktiv oder zuletzt gesehen – so, wie es Ihre Aktivität ergibt.</translation>
    </message>
    <message>
        <source>&amp;Do not disturb</source>
        <translation>&amp;Bitte nicht stören</translation>
    </message>
    <message>
        <source>Others see that you do not want to be disturbed; SmartFixer shows no notifications.</source>
        <translation>Andere sehen, dass Sie nicht gestört werden möchten; SmartFixer zeigt keine Benachrichtigungen.</translation>
    </message>
    <message>
        <source>&amp;Invisible</source>
        <translation>&amp;Unsichtbar</translation>
    </message>
    <message>
        <source>You look offline to everyone else, but can use SmartFixer as usual.</source>
        <translation>Für alle anderen wirken Sie offline, können SmartFixer aber wie gewohnt nutzen.</translation>
    </message>
    <message>
        <source>Set a status &amp;message…</source>
        <translation>Status&amp;nachricht festlegen…</translation>
    </message>
    <message>
        <source>&amp;Clear status message</source>
        <translation>Statusnachricht &amp;löschen</translation>
    </message>
    <message>
        <source>Your status</source>
        <translation>Ihr Status</translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::PinnedCertificatesBox</name>
    <message>
        <source>Trusted server certificates</source>
        <translation>Vertrauenswürdige Serverzertifikate</translation>
    </message>
    <message>
        <source>Servers whose own certificate you trusted by its fingerprint. Forget one when its host made a new certificate: the next sign-in asks again.</source>
        <translation>Server, deren eigenem Zertifikat Sie anhand des Fingerabdrucks vertraut haben. Vergessen Sie einen, wenn sein Host ein neues Zertifikat erstellt hat: Bei der nächsten Anmeldung wird erneut gefragt.</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>SHA-256 fingerprint</source>
        <translation>SHA-256-Fingerabdruck</translation>
    </message>
    <message>
        <source>No trusted certificates.</source>
        <translation>Keine vertrauenswürdigen Zertifikate.</translation>
    </message>
    <message>
        <source>&amp;Forget</source>
        <translation>&amp;Vergessen</translation>
    </message>
    <message>
        <source>Forget the selected server&apos;s certificate</source>
        <translation>Das Zertifikat des ausgewählten Servers vergessen</translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Serveradresse</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>&amp;Server:</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Idle threshold in minutes</source>
        <translation>Untätig nach Minuten</translation>
    </message>
    <message>
        <source>After this long without keyboard or mouse input you stop counting as active.</source>
        <translation>Nach so langer Zeit ohne Tastatur- oder Mauseingabe gelten Sie nicht mehr als aktiv.</translation>
    </message>
    <message>
        <source>&amp;Idle after:</source>
        <translation>&amp;Untätig nach:</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Systemstandard</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Sprache:</translation>
    </message>
    <message>
        <source>Colour theme</source>
        <translation>Farbschema</translation>
    </message>
    <message>
        <source>Desktop default</source>
        <translation>Wie der Desktop</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation>&amp;Farbschema:</translation>
    </message>
    <message>
        <source>Start &amp;minimised to the tray</source>
        <translation>&amp;Minimiert im Infobereich starten</translation>
    </message>
    <message>
        <source>&amp;Host a server for the local network</source>
        <translation>Einen Server für das lokale Netz &amp;bereitstellen</translation>
    </message>
    <message>
        <source>LAN hosting</source>
        <translation>Server im lokalen Netz</translation>
    </message>
    <message>
        <source>Runs the presence server inside this app, so people on your network can sign in here without any cloud server.</source>
        <translation>Startet den Anwesenheitsserver in dieser App, damit sich Personen in Ihrem Netzwerk ohne Cloud-Server hier anmelden können.</translation>
    </message>
    <message>
        <source>Listen address</source>
        <translation>Lauschadresse</translation>
    </message>
    <message>
        <source>%1 (all networks)</source>
        <translation>%1 (alle Netzwerke)</translation>
    </message>
    <message>
        <source>%1 (this computer only)</source>
        <translation>%1 (nur dieser Computer)</translation>
    </message>
    <message>
        <source>Listen &amp;on:</source>
        <translation>Erreichbar &amp;unter:</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>P&amp;ort:</source>
        <translation>P&amp;ort:</translation>
    </message>
    <message>
        <source>A new language applies after a restart.</source>
        <translation>Eine neue Sprache gilt nach einem Neustart.</translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::PresenceBadge</name>
    <message>
        <source>Online</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>Zuletzt gesehen</translation>
    </message>
    <message>
        <source>Hidden</source>
        <translation>Verborgen</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>Automatisch</translation>
    </message>
    <message>
        <source>Do not disturb</source>
        <translation>Bitte nicht stören</translation>
    </message>
    <message>
        <source>Invisible</source>
        <translation>Unsichtbar</translation>
    </message>
    <message>
        <source>%1, do not disturb</source>
        <extracomment>A presence badge read aloud: %1 is the state (&quot;Online&quot;); do not disturb is set</extracomment>
        <translation>%1, bitte nicht stören</translation>
    </message>
    <message>
        <source>Invisible to others</source>
        <extracomment>A presence badge read aloud: our own badge while we are invisible to others</extracomment>
        <translation>Für andere unsichtbar</translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::PresenceBadgeWidget</name>
    <message>
        <source>Presence: %1</source>
        <translation>Anwesenheit: %1</translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::PrivacyDialog</name>
    <message>
        <source>Privacy</source>
        <translation>Privatsphäre</translation>
    </message>
    <message>
        <source>Who may see whether you are online and when you were last active?</source>
        <translation>Wer darf sehen, ob Sie online sind und wann Sie zuletzt aktiv waren?</translation>
    </message>
    <message>
        <source>&amp;Everyone</source>
        <translation>&amp;Alle</translation>
    </message>
    <message>
        <source>Every signed-in user of this server sees your status and last activity.</source>
        <translation>Alle angemeldeten Personen dieses Servers sehen Ihren Status und Ihre letzte Aktivität.</translation>
    </message>
    <message>
        <source>&amp;My contacts</source>
        <translation>&amp;Meine Kontakte</translation>
    </message>
    <message>
        <source>Only people on your contact list see your status; everyone else sees &quot;Presence hidden&quot;.</source>
        <translation>Nur Personen auf Ihrer Kontaktliste sehen Ihren Status; alle anderen sehen „Anwesenheit verborgen“.</translation>
    </message>
    <message>
        <source>&amp;Nobody</source>
        <translation>&amp;Niemand</translation>
    </message>
    <message>
        <source>No one sees your status or when you were last active; you still see your own.</source>
        <translation>Niemand sieht Ihren Status oder wann Sie zuletzt aktiv waren; Sie selbst sehen ihn weiterhin.</translation>
    </message>
    <message>
        <source>Send &amp;read receipts</source>
        <translation>&amp;Lesebestätigungen senden</translation>
    </message>
    <message>
        <source>When off, nobody sees when you read their messages, and you do not see when others read yours.</source>
        <translation>Wenn aus, sieht niemand, wann Sie Nachrichten gelesen haben, und Sie sehen nicht, wann andere Ihre gelesen haben.</translation>
    </message>
    <message>
        <source>What do others see when you are not online?</source>
        <translation>Was sehen andere, wenn Sie nicht online sind?</translation>
    </message>
    <message>
        <source>E&amp;xact time</source>
        <translation>&amp;Genaue Zeit</translation>
    </message>
    <message>
        <source>Others see when you were last active, e.g. &quot;Last seen today at 14:30&quot;.</source>
        <translation>Andere sehen, wann Sie zuletzt aktiv waren, z. B. „Zuletzt gesehen heute um 14:30“.</translation>
    </message>
    <message>
        <source>A&amp;pproximate</source>
        <translation>&amp;Ungefähr</translation>
    </message>
    <message>
        <source>Others see only &quot;Last seen recently&quot;, &quot;within a week&quot;, &quot;within a month&quot; or &quot;a long time ago&quot;, never the time.</source>
        <translation>Andere sehen nur „vor Kurzem“, „innerhalb einer Woche“, „innerhalb eines Monats“ oder „vor langer Zeit“, nie die Uhrzeit.</translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::ProfileDialog</name>
    <message>
        <source>Profile of %1</source>
        <translation>Profil von %1</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <source>Presence</source>
        <translation>Anwesenheit</translation>
    </message>
    <message>
        <source>The status updates live while this page is open. &quot;Active&quot; means the person used SmartFixer within the last few minutes but is not connected now.</source>
        <translation>Der Status aktualisiert sich live, solange diese Seite offen ist. „Aktiv“ heißt, die Person hat SmartFixer in den letzten Minuten benutzt, ist aber gerade nicht verbunden.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Status message</source>
        <translation>Statusnachricht</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::SessionBackend</name>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbinde…</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Verbunden</translation>
    </message>
    <message numerus="yes">
        <source>Reconnecting in %n second(s)…</source>
        <translation type="vanished">
            <numerusform>Neuer Verbindungsversuch in %n Sekunde…</numerusform>
            <numerusform>Neuer Verbindungsversuch in %n Sekunden…</numerusform>
        </translation>
    </message>
    <message>
        <source>Signed out: the server refused the sign-in</source>
        <translation>Abgemeldet: Der Server hat die Anmeldung abgelehnt</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="vanished">%1 (%2)</translation>
    </message>
    <message>
        <source>Status unknown</source>
        <translation>Status unbekannt</translation>
    </message>
    <message numerus="yes">
        <source>Not connected. Reconnecting in %n s</source>
        <translation>
            <numerusform>Nicht verbunden. Neuer Versuch in %n s</numerusform>
            <numerusform>Nicht verbunden. Neuer Versuch in %n s</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not load conversations: %1</source>
        <translation>Gespräche konnten nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>User %1</source>
        <translation>Benutzer %1</translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::StatusMessageDialog</name>
    <message>
        <source>Status message</source>
        <translation>Statusnachricht</translation>
    </message>
    <message>
        <source>Your contacts see this under your name.</source>
        <translation>Ihre Kontakte sehen dies unter Ihrem Namen.</translation>
    </message>
    <message>
        <source>e.g. In a meeting until 3</source>
        <translation>z. B. Bis 15 Uhr in einer Besprechung</translation>
    </message>
    <message>
        <source>&amp;Message:</source>
        <translation>&amp;Nachricht:</translation>
    </message>
    <message>
        <source>Clear after</source>
        <translation>Löschen nach</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>Nie</translation>
    </message>
    <message>
        <source>30 minutes</source>
        <translation>30 Minuten</translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation>1 Stunde</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Heute</translation>
    </message>
    <message>
        <source>This week</source>
        <translation>Diese Woche</translation>
    </message>
    <message>
        <source>Clear &amp;after:</source>
        <translation>Löschen &amp;nach:</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <source>Remove your status message now</source>
        <translation>Statusnachricht jetzt entfernen</translation>
    </message>
    <message>
        <source>%1/%2</source>
        <translation>%1/%2</translation>
    </message>
    <message numerus="yes">
        <source>%n of 100 characters used</source>
        <translation>
            <numerusform>%n von 100 Zeichen verwendet</numerusform>
            <numerusform>%n von 100 Zeichen verwendet</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>At most %n characters.</source>
        <translation>
            <numerusform>Höchstens %n Zeichen.</numerusform>
            <numerusform>Höchstens %n Zeichen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Line breaks, tabs and other invisible characters are not allowed.</source>
        <translation>Zeilenumbrüche, Tabulatoren und andere unsichtbare Zeichen sind nicht erlaubt.</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>SmartFixer Desktop: chat with live presence.</source>
        <translation>SmartFixer Desktop: Chatten mit Live-Anwesenheit.</translation>
    </message>
    <message>
        <source>Server to connect to, e.g. http://host:8765.</source>
        <translation>Server, mit dem verbunden wird, z. B. http://host:8765.</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>User name to sign in as.</source>
        <translation>Benutzername für die Anmeldung.</translation>
    </message>
    <message>
        <source>NAME</source>
        <translation>NAME</translation>
    </message>
    <message>
        <source>Host a presence server for the LAN inside the app.</source>
        <translation>Einen Anwesenheitsserver für das lokale Netz in der App bereitstellen.</translation>
    </message>
    <message>
        <source>Demo mode: embedded server, scripted demo users.</source>
        <translation>Demo-Modus: eingebetteter Server, geskriptete Demo-Personen.</translation>
    </message>
    <message>
        <source>UI language: en, de, es or ru.</source>
        <translation>Sprache der Oberfläche: en, de, es oder ru.</translation>
    </message>
    <message>
        <source>CODE</source>
        <translation>CODE</translation>
    </message>
    <message>
        <source>smartfixer: --server: not a URL: %1</source>
        <translation type="vanished">smartfixer: --server: keine URL: %1</translation>
    </message>
    <message>
        <source>smartfixer: --server %1: %2</source>
        <translation>smartfixer: --server %1: %2</translation>
    </message>
    <message>
        <source>SmartFixer</source>
        <translation>SmartFixer</translation>
    </message>
    <message>
        <source>SmartFixer could not start: %1</source>
        <translation>SmartFixer konnte nicht starten: %1</translation>
    </message>
    <message>
        <source>With --host: do not announce the server on the LAN.</source>
        <translation>Mit --host: den Server nicht im LAN bekannt geben.</translation>
    </message>
</context>
</TS>
