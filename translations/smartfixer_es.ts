<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>ErrorText</name>
    <message>
        <source>Wrong name or password.</source>
        <translation>Nombre o contraseña incorrectos.</translation>
    </message>
    <message>
        <source>That name is taken. Choose another one, or sign in if it is yours.</source>
        <translation>Ese nombre ya está en uso. Elija otro o inicie sesión si es suyo.</translation>
    </message>
    <message>
        <source>This server does not let you create accounts. Ask the person who runs it.</source>
        <translation>Este servidor no permite crear cuentas. Pregunte a quien lo administra.</translation>
    </message>
    <message>
        <source>Too many tries — wait a little and try again.</source>
        <translation>Demasiados intentos: espere un poco y vuelva a intentarlo.</translation>
    </message>
    <message numerus="yes">
        <source>Too many tries — try again in %n second(s).</source>
        <translation>
            <numerusform>Demasiados intentos: vuelva a intentarlo en %n segundo.</numerusform>
            <numerusform>Demasiados intentos: vuelva a intentarlo en %n segundos.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Too many tries — try again in %n minute(s).</source>
        <translation>
            <numerusform>Demasiados intentos: vuelva a intentarlo en %n minuto.</numerusform>
            <numerusform>Demasiados intentos: vuelva a intentarlo en %n minutos.</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot reach %1. Check the address and that the server is running.</source>
        <translation>No se puede conectar con %1. Compruebe la dirección y que el servidor esté en marcha.</translation>
    </message>
    <message>
        <source>The server did not answer in time. Try again.</source>
        <translation>El servidor no respondió a tiempo. Vuelva a intentarlo.</translation>
    </message>
    <message>
        <source>This address is not a SmartFixer server.</source>
        <translation>Esta dirección no es un servidor SmartFixer.</translation>
    </message>
    <message>
        <source>The server did not accept this name or password.</source>
        <translation>El servidor no aceptó este nombre o contraseña.</translation>
    </message>
    <message>
        <source>Something went wrong on the server. Try again later.</source>
        <translation>Algo falló en el servidor. Vuelva a intentarlo más tarde.</translation>
    </message>
    <message>
        <source>Enter the server address, e.g. http://192.168.1.20:8765.</source>
        <translation>Escriba la dirección del servidor, p. ej. http://192.168.1.20:8765.</translation>
    </message>
    <message>
        <source>The address must start with http:// or https://.</source>
        <translation>La dirección debe empezar por http:// o https://.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a computer name or IP address.</source>
        <translation>«%1» no es un nombre de equipo ni una dirección IP.</translation>
    </message>
    <message>
        <source>The port must be a number from 1 to 65535.</source>
        <translation>El puerto debe ser un número del 1 al 65535.</translation>
    </message>
    <message>
        <source>Unexpected &quot;%1&quot; in the address.</source>
        <translation>«%1» inesperado en la dirección.</translation>
    </message>
    <message>
        <source>The certificate of %1 has CHANGED since you trusted it: someone may be intercepting the connection, so SmartFixer does not connect.</source>
        <translation>El certificado de %1 ha CAMBIADO desde que confiaste en él: alguien podría estar interceptando la conexión, así que SmartFixer no se conecta.</translation>
    </message>
    <message>
        <source>The server&apos;s certificate expired on %1.</source>
        <translation>El certificado del servidor caducó el %1.</translation>
    </message>
    <message>
        <source>The server&apos;s certificate is not valid before %1. Check this computer&apos;s date and time.</source>
        <translation>El certificado del servidor no es válido antes del %1. Comprueba la fecha y la hora de este ordenador.</translation>
    </message>
    <message>
        <source>The server&apos;s certificate names no server, so it cannot be for %1.</source>
        <translation>El certificado del servidor no nombra ningún servidor, así que no puede ser para %1.</translation>
    </message>
    <message>
        <source>The server&apos;s certificate is for %1, not for %2. Check the address.</source>
        <translation>El certificado del servidor es para %1, no para %2. Comprueba la dirección.</translation>
    </message>
    <message>
        <source>The server made its certificate itself (self-signed): no authority this computer trusts vouches for it.</source>
        <translation>El servidor creó su propio certificado (autofirmado): ninguna autoridad en la que confíe este ordenador responde por él.</translation>
    </message>
    <message>
        <source>The server&apos;s certificate is issued by an authority this computer does not trust.</source>
        <translation>El certificado del servidor lo emitió una autoridad en la que este ordenador no confía.</translation>
    </message>
    <message>
        <source>The server&apos;s certificate was revoked by whoever issued it.</source>
        <translation>Quien emitió el certificado del servidor lo ha revocado.</translation>
    </message>
    <message>
        <source>The server sent no certificate.</source>
        <translation>El servidor no envió ningún certificado.</translation>
    </message>
    <message>
        <source>The server&apos;s certificate cannot be checked.</source>
        <translation>No se puede comprobar el certificado del servidor.</translation>
    </message>
    <message>
        <source>The server did not accept this status: the message may be too long or hold characters it does not allow, or the time to clear it has passed. Your status did not change.</source>
        <translation>El servidor no aceptó este estado: puede que el mensaje sea demasiado largo o tenga caracteres no permitidos, o que la hora de borrarlo ya haya pasado. Tu estado no ha cambiado.</translation>
    </message>
    <message>
        <source>You are signed out. Sign in again to change your status.</source>
        <translation>Has cerrado la sesión. Vuelve a iniciarla para cambiar tu estado.</translation>
    </message>
    <message>
        <source>Too many changes at once — wait a little and try again.</source>
        <translation>Demasiados cambios a la vez: espera un poco y vuelve a intentarlo.</translation>
    </message>
    <message>
        <source>The server cannot be reached, so your status did not change. Try again when you are connected.</source>
        <translation>No se puede contactar con el servidor, así que tu estado no ha cambiado. Inténtalo de nuevo cuando estés conectado.</translation>
    </message>
    <message>
        <source>This server does not support setting your status.</source>
        <translation>Este servidor no permite establecer tu estado.</translation>
    </message>
    <message>
        <source>Your status could not be changed. Try again later.</source>
        <translation>No se pudo cambiar tu estado. Inténtalo más tarde.</translation>
    </message>
</context>
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
        <extracomment>%1 is a date such as &quot;3 Nov&quot; or &quot;3 Nov 2025&quot;, %2 a time such as &quot;14:30&quot;</extracomment>
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
        <extracomment>Date format (QDate::toString) of a day in the current year, e.g. &quot;3 Nov&quot;</extracomment>
        <translation>d MMM</translation>
    </message>
    <message>
        <source>d MMM yyyy</source>
        <extracomment>Date format (QDate::toString) of a day in another year, e.g. &quot;3 Nov 2025&quot;</extracomment>
        <translation>d MMM yyyy</translation>
    </message>
    <message>
        <source>Last seen recently</source>
        <translation>Visto por última vez recientemente</translation>
    </message>
    <message>
        <source>Last seen within a week</source>
        <translation>Visto por última vez en la última semana</translation>
    </message>
    <message>
        <source>Last seen within a month</source>
        <translation>Visto por última vez en el último mes</translation>
    </message>
</context>
<context>
    <name>SmartFixer::DemoScript</name>
    <message>
        <source>the demo server is not running</source>
        <translation>el servidor de demostración no está en marcha</translation>
    </message>
    <message>
        <source>You (demo)</source>
        <translation>Tú (demo)</translation>
    </message>
    <message>
        <source>Online all the time; answers your messages.</source>
        <translation>En línea todo el tiempo; responde a tus mensajes.</translation>
    </message>
    <message>
        <source>Leaves early: active just now, then N minutes ago.</source>
        <translation>Se va pronto: activo hace un momento, luego hace N minutos.</translation>
    </message>
    <message>
        <source>Was active 3 minutes ago; turns &quot;last seen today&quot;.</source>
        <translation>Estuvo activo hace 3 minutos; pasa a «visto hoy».</translation>
    </message>
    <message>
        <source>Last seen yesterday; comes online mid-cycle.</source>
        <translation>Visto ayer; se conecta a mitad del ciclo.</translation>
    </message>
    <message>
        <source>Online but hides her presence; shows it briefly.</source>
        <translation>En línea pero oculta su presencia; la muestra un rato.</translation>
    </message>
    <message>
        <source>Never seen; drops in for a moment.</source>
        <translation>Nunca visto; se pasa un momento.</translation>
    </message>
    <message>
        <source>Last seen a few days ago.</source>
        <translation>Visto por última vez hace unos días.</translation>
    </message>
    <message numerus="yes">
        <source>Demo set up: %n demo user(s), time runs %1x faster, active window %2 min</source>
        <translation>
            <numerusform>Demo lista: %n persona de demostración, el tiempo corre %1 veces más rápido, ventana de actividad %2 min</numerusform>
            <numerusform>Demo lista: %n personas de demostración, el tiempo corre %1 veces más rápido, ventana de actividad %2 min</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 connects</source>
        <translation>%1 se conecta</translation>
    </message>
    <message>
        <source>%1 disconnects</source>
        <translation>%1 se desconecta</translation>
    </message>
    <message>
        <source>%1 sets privacy to Nobody (presence hidden)</source>
        <translation>%1 pone la privacidad en Nadie (presencia oculta)</translation>
    </message>
    <message>
        <source>%1 sets privacy to Everyone (presence visible)</source>
        <translation>%1 pone la privacidad en Todos (presencia visible)</translation>
    </message>
    <message>
        <source>Hi! I&apos;m %1, one of the demo people.</source>
        <translation>¡Hola! Soy %1, una de las personas de la demo.</translation>
    </message>
    <message>
        <source>You wrote &quot;%1&quot;. Watch my badge in the list while we talk.</source>
        <translation>Escribiste «%1». Mira mi indicador en la lista mientras hablamos.</translation>
    </message>
    <message>
        <source>Every message counts as activity, so the server marks me active.</source>
        <translation>Cada mensaje cuenta como actividad, así que el servidor me marca como activo.</translation>
    </message>
    <message>
        <source>Try Privacy in the menu: with &quot;Nobody&quot; the others see &quot;Presence hidden&quot;.</source>
        <translation>Prueba Privacidad en el menú: con «Nadie» los demás ven «Presencia oculta».</translation>
    </message>
    <message>
        <source>%1 got a message and will answer</source>
        <translation>%1 recibió un mensaje y va a responder</translation>
    </message>
    <message>
        <source>%1 could not change privacy: %2</source>
        <translation>%1 no pudo cambiar la privacidad: %2</translation>
    </message>
    <message>
        <source>Writing the first program — back soon</source>
        <translation>Escribiendo el primer programa — vuelvo pronto</translation>
    </message>
    <message>
        <source>%1 could not change status: %2</source>
        <translation>%1 no pudo cambiar el estado: %2</translation>
    </message>
    <message>
        <source>%1 sets Do not disturb: &quot;%2&quot; (clears itself)</source>
        <translation>%1 activa No molestar: «%2» (se borra solo)</translation>
    </message>
    <message>
        <source>%1 goes invisible (looks offline to others)</source>
        <translation>%1 se vuelve invisible (parece desconectado)</translation>
    </message>
    <message>
        <source>%1 is back to the automatic status</source>
        <translation>%1 vuelve al estado automático</translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::AddContactDialog</name>
    <message>
        <source>Add contact</source>
        <translation>Añadir contacto</translation>
    </message>
    <message>
        <source>Search by name or user name</source>
        <translation>Buscar por nombre o nombre de usuario</translation>
    </message>
    <message>
        <source>Search the user directory</source>
        <translation>Buscar en el directorio de usuarios</translation>
    </message>
    <message>
        <source>People found</source>
        <translation>Personas encontradas</translation>
    </message>
    <message>
        <source>Type at least one letter.</source>
        <translation>Escribe al menos una letra.</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Añadir</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Buscando…</translation>
    </message>
    <message>
        <source>Nobody found.</source>
        <translation>No se encontró a nadie.</translation>
    </message>
    <message numerus="yes">
        <source>%n person(s) found.</source>
        <translation>
            <numerusform>%n persona encontrada.</numerusform>
            <numerusform>%n personas encontradas.</numerusform>
        </translation>
    </message>
    <message>
        <source>Added %1.</source>
        <translation type="vanished">%1 añadido.</translation>
    </message>
    <message>
        <source>%1 — already a contact</source>
        <translation>%1 — ya es un contacto</translation>
    </message>
    <message>
        <source>Everyone found is already in your contacts.</source>
        <translation>Todas las personas encontradas ya están en sus contactos.</translation>
    </message>
    <message>
        <source>Added %1. Add more, or close this window.</source>
        <translation>Se añadió %1. Añada más o cierre esta ventana.</translation>
    </message>
    <message>
        <source>%1 — added</source>
        <translation>%1 — añadido</translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::AvatarWidget</name>
    <message>
        <source>Avatar of %1</source>
        <translation>Avatar de %1</translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::ChatPane</name>
    <message>
        <source>Select a contact on the left to start a conversation.</source>
        <translation>Elige un contacto a la izquierda para empezar una conversación.</translation>
    </message>
    <message>
        <source>Contact status</source>
        <translation>Estado del contacto</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Perfil</translation>
    </message>
    <message>
        <source>Show profile</source>
        <translation>Mostrar perfil</translation>
    </message>
    <message>
        <source>Show this contact&apos;s profile (Ctrl+I)</source>
        <translation>Mostrar el perfil de este contacto (Ctrl+I)</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Mensajes</translation>
    </message>
    <message>
        <source>Typing indicator</source>
        <translation>Indicador de escritura</translation>
    </message>
    <message>
        <source>Write a message… (Enter sends)</source>
        <translation>Escribe un mensaje… (Intro envía)</translation>
    </message>
    <message>
        <source>Message text</source>
        <translation>Texto del mensaje</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>&amp;Enviar</translation>
    </message>
    <message>
        <source>Send message</source>
        <translation>Enviar mensaje</translation>
    </message>
    <message>
        <source>Status unknown</source>
        <translation>Estado desconocido</translation>
    </message>
    <message>
        <source>Message to %1</source>
        <translation>Mensaje para %1</translation>
    </message>
    <message>
        <source>%1 is typing…</source>
        <translation>%1 está escribiendo…</translation>
    </message>
    <message>
        <source>Contact name</source>
        <translation>Nombre del contacto</translation>
    </message>
    <message>
        <source>Last known: %1</source>
        <translation>Último estado conocido: %1</translation>
    </message>
    <message>
        <source>Status message</source>
        <translation>Mensaje de estado</translation>
    </message>
    <message>
        <source>%1 — Do not disturb</source>
        <extracomment>Chat header: %1 is the presence text (&quot;online&quot;), then the manual status</extracomment>
        <translation>%1 — No molestar</translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::ContactDelegate</name>
    <message>
        <source>%1 · has not added you back</source>
        <translation>%1 · aún no le ha añadido</translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::ContactListModel</name>
    <message numerus="yes">
        <source>%1, %2, %n unread message(s)</source>
        <translation>
            <numerusform>%1, %2, %n mensaje sin leer</numerusform>
            <numerusform>%1, %2, %n mensajes sin leer</numerusform>
        </translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>%1 — last known: %2 (not current while disconnected)</source>
        <translation>%1 — último estado conocido: %2 (no actualizado mientras no hay conexión)</translation>
    </message>
    <message>
        <source>%1 — %2. %1 has not added you back yet.</source>
        <translation>%1 — %2. %1 aún no le ha añadido como contacto.</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>“%1”</source>
        <extracomment>A status message quoted after the presence text</extracomment>
        <translation>«%1»</translation>
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
            <numerusform>%1 (%n sin leer)</numerusform>
            <numerusform>%1 (%n sin leer)</numerusform>
        </translation>
    </message>
    <message>
        <source>You: %1</source>
        <extracomment>Preview of our own last message in the conversations list</extracomment>
        <translation>Tú: %1</translation>
    </message>
    <message>
        <source>No conversations yet.</source>
        <translation>Todavía no hay conversaciones.</translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::DemoPanel</name>
    <message>
        <source>QA panel (demo)</source>
        <translation>Panel de QA (demo)</translation>
    </message>
    <message>
        <source>QA panel</source>
        <translation>Panel de QA</translation>
    </message>
    <message>
        <source>Demo time runs %1x faster. &quot;True state&quot; is what the server holds; &quot;Shown&quot; is what this app displays after privacy.</source>
        <translation>El tiempo de la demo corre %1 veces más rápido. «Estado real» es lo que sabe el servidor; «Mostrado» es lo que enseña esta aplicación tras aplicar la privacidad.</translation>
    </message>
    <message>
        <source>Demo users and their states</source>
        <translation>Personas de la demo y sus estados</translation>
    </message>
    <message>
        <source>Demo user</source>
        <translation>Persona de la demo</translation>
    </message>
    <message>
        <source>True state</source>
        <translation>Estado real</translation>
    </message>
    <message>
        <source>Shown in the app</source>
        <translation type="vanished">Mostrado en la aplicación</translation>
    </message>
    <message>
        <source>Script</source>
        <translation>Guion</translation>
    </message>
    <message>
        <source>&amp;Force selected user:</source>
        <translation>&amp;Forzar a la persona elegida:</translation>
    </message>
    <message>
        <source>State to force</source>
        <translation>Estado a forzar</translation>
    </message>
    <message>
        <source>Online (connect)</source>
        <translation>En línea (conectar)</translation>
    </message>
    <message>
        <source>Offline (active, then last seen)</source>
        <translation>Desconectado (activo, luego visto por última vez)</translation>
    </message>
    <message>
        <source>Hidden (privacy: nobody)</source>
        <translation>Oculto (privacidad: nadie)</translation>
    </message>
    <message>
        <source>Visible (privacy: everyone)</source>
        <translation>Visible (privacidad: todos)</translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation>&amp;Aplicar</translation>
    </message>
    <message>
        <source>Apply forced state</source>
        <translation>Aplicar el estado forzado</translation>
    </message>
    <message>
        <source>Event log</source>
        <translation>Registro de eventos</translation>
    </message>
    <message>
        <source>app shows %1: %2</source>
        <translation>la aplicación muestra %1: %2</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>conectado</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>desconectado</translation>
    </message>
    <message>
        <source>%1, hidden</source>
        <translation>%1, oculto</translation>
    </message>
    <message>
        <source>Events (times on the demo clock):</source>
        <translation>Eventos (horas del reloj de la demo):</translation>
    </message>
    <message>
        <source>Shown</source>
        <translation>Mostrado</translation>
    </message>
    <message>
        <source>The scripted demo user</source>
        <translation>El usuario de demostración del guion</translation>
    </message>
    <message>
        <source>The state the server holds for this user</source>
        <translation>El estado que el servidor tiene de este usuario</translation>
    </message>
    <message>
        <source>What this app shows for the user, after privacy</source>
        <translation>Lo que muestra esta aplicación tras la privacidad</translation>
    </message>
    <message>
        <source>What the demo script is doing with this user</source>
        <translation>Lo que hace el guion de demostración con este usuario</translation>
    </message>
    <message>
        <source>Do not disturb (message clears itself)</source>
        <translation>No molestar (el mensaje se borra solo)</translation>
    </message>
    <message>
        <source>Invisible (looks offline)</source>
        <translation>Invisible (parece desconectado)</translation>
    </message>
    <message>
        <source>Automatic status</source>
        <translation>Estado automático</translation>
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
        <translation>no se puede crear una carpeta temporal: %1</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an IP address to listen on</source>
        <translation>«%1» no es una dirección IP en la que escuchar</translation>
    </message>
    <message>
        <source>Hosting: others connect to %1</source>
        <translation type="vanished">Servidor activo: los demás se conectan a %1</translation>
    </message>
    <message>
        <source>Restart SmartFixer</source>
        <translation>Reiniciar SmartFixer</translation>
    </message>
    <message>
        <source>The new settings take effect after a restart. Restart SmartFixer now?</source>
        <translation>Los nuevos ajustes se aplican tras reiniciar. ¿Reiniciar SmartFixer ahora?</translation>
    </message>
    <message>
        <source>Could not start SmartFixer again; please start it yourself.</source>
        <translation>No se pudo volver a iniciar SmartFixer; inícialo tú.</translation>
    </message>
    <message>
        <source>Port %1 is in use</source>
        <translation>El puerto %1 está en uso</translation>
    </message>
    <message>
        <source>SmartFixer cannot host on port %1: another program (perhaps another copy of SmartFixer) already uses it.</source>
        <translation>SmartFixer no puede alojar el servidor en el puerto %1: otro programa (quizá otra copia de SmartFixer) ya lo usa.</translation>
    </message>
    <message>
        <source>Host on a free port instead? Others then need the new address, shown in the status bar. You can choose a fixed port in Preferences.</source>
        <translation>¿Usar un puerto libre? Los demás necesitarán la nueva dirección, que aparece en la barra de estado. Puede elegir un puerto fijo en Preferencias.</translation>
    </message>
    <message>
        <source>Use a &amp;free port</source>
        <translation>Usar un puerto &amp;libre</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <source>Port %1 was busy; hosting on port %2 instead.</source>
        <translation>El puerto %1 estaba ocupado; el servidor usa el puerto %2.</translation>
    </message>
    <message>
        <source>Your name on this server</source>
        <translation>Su nombre en este servidor</translation>
    </message>
    <message>
        <source>You host the server, so you are signed in without a password. Which user name should others see?</source>
        <translation>Usted aloja el servidor, así que entra sin contraseña. ¿Qué nombre de usuario deben ver los demás?</translation>
    </message>
    <message>
        <source>Hosting: others connect to %1 — certificate SHA-256 %2</source>
        <translation>Servidor activo: los demás se conectan a %1 — certificado SHA-256 %2</translation>
    </message>
    <message>
        <source>Your saved sign-in could not be read from the keyring (%1). Please sign in.</source>
        <translation>No se pudo leer tu sesión guardada del llavero (%1). Inicia sesión.</translation>
    </message>
    <message>
        <source>Could not keep your sign-in in the keyring (%1); you will be asked for your password next time.</source>
        <translation>No se pudo guardar tu sesión en el llavero (%1); la próxima vez se te pedirá la contraseña.</translation>
    </message>
    <message>
        <source>Stay signed in</source>
        <translation>Mantener la sesión iniciada</translation>
    </message>
    <message>
        <source>No keyring is running, so you&apos;ll be asked for your password next time.</source>
        <translation>No hay ningún llavero en ejecución, así que la próxima vez se te pedirá la contraseña.</translation>
    </message>
    <message>
        <source>SmartFixer keeps sign-ins only in the system keyring (such as GNOME Keyring or KWallet), never in a plain file.</source>
        <translation>SmartFixer guarda las sesiones solo en el llavero del sistema (como GNOME Keyring o KWallet), nunca en un archivo normal.</translation>
    </message>
    <message>
        <source>Your sign-in is no longer valid (it expired, or it was ended on another device or by the server&apos;s administrator). Please sign in again.</source>
        <translation>Tu sesión ya no es válida (caducó, o se cerró en otro dispositivo o la cerró el administrador del servidor). Vuelve a iniciar sesión.</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1 en %2</translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::FoundServersList</name>
    <message>
        <source>Servers on this network:</source>
        <translation>Servidores en esta red:</translation>
    </message>
    <message>
        <source>Servers found on this network</source>
        <translation>Servidores encontrados en esta red</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>encrypted</source>
        <translation>cifrado</translation>
    </message>
    <message>
        <source>Choose one to fill in its address, or type an address below.</source>
        <translation>Elige uno para rellenar su dirección, o escribe una dirección abajo.</translation>
    </message>
    <message>
        <source>Cannot look for servers on this network (%1). Type the address below.</source>
        <translation>No se pueden buscar servidores en esta red (%1). Escribe la dirección abajo.</translation>
    </message>
    <message>
        <source>Looking for servers… none found yet. You can type the address below.</source>
        <translation>Buscando servidores… aún no se ha encontrado ninguno. Puedes escribir la dirección abajo.</translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::LoginDialog</name>
    <message>
        <source>Sign in to SmartFixer</source>
        <translation>Iniciar sesión en SmartFixer</translation>
    </message>
    <message>
        <source>Server: %1</source>
        <translation type="vanished">Servidor: %1</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Dirección del servidor</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Nombre de usuario</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Contraseña</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>&amp;Usuario:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Contraseña:</translation>
    </message>
    <message>
        <source>Sign-in error</source>
        <translation>Error al iniciar sesión</translation>
    </message>
    <message>
        <source>&amp;Sign in</source>
        <translation>&amp;Iniciar sesión</translation>
    </message>
    <message>
        <source>&amp;Create account</source>
        <translation>Crear &amp;cuenta</translation>
    </message>
    <message>
        <source>Create this account on the server (only where the server allows it, e.g. a LAN host).</source>
        <translation>Crear esta cuenta en el servidor (solo donde el servidor lo permite, p. ej. un servidor de red local).</translation>
    </message>
    <message>
        <source>Choose a user name and a password first.</source>
        <translation>Elige primero un nombre de usuario y una contraseña.</translation>
    </message>
    <message>
        <source>Creating the account…</source>
        <translation>Creando la cuenta…</translation>
    </message>
    <message>
        <source>Could not sign in: %1</source>
        <translation type="vanished">No se pudo iniciar sesión: %1</translation>
    </message>
    <message>
        <source>Please enter your user name.</source>
        <translation>Introduce tu nombre de usuario.</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Iniciando sesión…</translation>
    </message>
    <message>
        <source>Se&amp;rver:</source>
        <translation>Se&amp;rvidor:</translation>
    </message>
    <message>
        <source>S&amp;tay signed in</source>
        <translation>Mantener la sesión &amp;iniciada</translation>
    </message>
    <message>
        <source>Keeps your sign-in in this computer&apos;s keyring, so SmartFixer signs you in at start without asking for the password. Sign out forgets it.</source>
        <translation>Guarda tu sesión en el llavero de este equipo, para que SmartFixer la inicie al arrancar sin pedirte la contraseña. «Cerrar sesión» la olvida.</translation>
    </message>
    <message>
        <source>The server&apos;s certificate cannot be used: %1</source>
        <translation type="vanished">El certificado del servidor no se puede usar: %1</translation>
    </message>
    <message>
        <source>WARNING: the certificate of %1 has CHANGED since you trusted it.

Trusted:  %2
Now:      %3

Someone may be intercepting the connection. SmartFixer refuses to connect. If the host really made a new certificate, ask its owner to confirm the new fingerprint.</source>
        <translation>ADVERTENCIA: el certificado de %1 ha CAMBIADO desde que confiaste en él.

De confianza: %2
Ahora:        %3

Alguien podría estar interceptando la conexión. SmartFixer se niega a conectarse. Si el anfitrión de verdad creó un certificado nuevo, pide a su propietario que confirme la nueva huella.</translation>
    </message>
    <message>
        <source>Refused: the certificate of %1 has changed.</source>
        <translation>Rechazado: el certificado de %1 ha cambiado.</translation>
    </message>
    <message>
        <source>Certificate changed</source>
        <translation>El certificado ha cambiado</translation>
    </message>
    <message>
        <source>%1 shows a certificate that no authority this computer trusts has signed (normal for a SmartFixer LAN host).

Compare its SHA-256 fingerprint with the one the host&apos;s window shows:

%2

Trust this certificate for %1 from now on?</source>
        <translation>%1 muestra un certificado que no ha firmado ninguna autoridad de confianza de este equipo (normal en un servidor SmartFixer de la red local).

Compara su huella SHA-256 con la que muestra la ventana del anfitrión:

%2

¿Confiar en este certificado para %1 a partir de ahora?</translation>
    </message>
    <message>
        <source>Trust this server?</source>
        <translation>¿Confiar en este servidor?</translation>
    </message>
    <message>
        <source>&amp;Trust</source>
        <translation>&amp;Confiar</translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::MainWindow</name>
    <message>
        <source>Filter contacts (Ctrl+F)</source>
        <translation>Filtrar contactos (Ctrl+F)</translation>
    </message>
    <message>
        <source>Filter contacts</source>
        <translation>Filtrar contactos</translation>
    </message>
    <message>
        <source>Add contact</source>
        <translation>Añadir contacto</translation>
    </message>
    <message>
        <source>Add a contact from the user directory (Ctrl+N)</source>
        <translation>Añadir un contacto del directorio de usuarios (Ctrl+N)</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>Contactos</translation>
    </message>
    <message>
        <source>&amp;SmartFixer</source>
        <translation>&amp;SmartFixer</translation>
    </message>
    <message>
        <source>&amp;Privacy…</source>
        <translation>&amp;Privacidad…</translation>
    </message>
    <message>
        <source>Pr&amp;eferences…</source>
        <translation>Pr&amp;eferencias…</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>Cerrar &amp;sesión</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <source>&amp;Contacts</source>
        <translation>&amp;Contactos</translation>
    </message>
    <message>
        <source>&amp;Find contact</source>
        <translation>&amp;Buscar contacto</translation>
    </message>
    <message>
        <source>&amp;Add contact…</source>
        <translation>&amp;Añadir contacto…</translation>
    </message>
    <message>
        <source>View &amp;profile</source>
        <translation>Ver &amp;perfil</translation>
    </message>
    <message>
        <source>&amp;Write message</source>
        <translation>&amp;Escribir mensaje</translation>
    </message>
    <message>
        <source>Go to contact &amp;list</source>
        <translation>Ir a la &amp;lista de contactos</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>A&amp;yuda</translation>
    </message>
    <message>
        <source>&amp;About SmartFixer</source>
        <translation>&amp;Acerca de SmartFixer</translation>
    </message>
    <message>
        <source>Your presence</source>
        <translation>Tu presencia</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Conexión</translation>
    </message>
    <message>
        <source>Hosting address</source>
        <translation>Dirección del servidor para los demás</translation>
    </message>
    <message>
        <source>&amp;Show SmartFixer</source>
        <translation>&amp;Mostrar SmartFixer</translation>
    </message>
    <message>
        <source>SmartFixer</source>
        <translation>SmartFixer</translation>
    </message>
    <message>
        <source>You: %1</source>
        <translation>Tú: %1</translation>
    </message>
    <message>
        <source>SmartFixer — %1</source>
        <translation>SmartFixer — %1</translation>
    </message>
    <message>
        <source>Someone</source>
        <translation>Alguien</translation>
    </message>
    <message>
        <source>New message from %1</source>
        <translation type="vanished">Nuevo mensaje de %1</translation>
    </message>
    <message>
        <source>About SmartFixer</source>
        <translation>Acerca de SmartFixer</translation>
    </message>
    <message>
        <source>&lt;h3&gt;SmartFixer Desktop %1&lt;/h3&gt;&lt;p&gt;Chat with live presence: online, active a few minutes ago, or last seen at a time.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;SmartFixer Desktop %1&lt;/h3&gt;&lt;p&gt;Chat con presencia en vivo: en línea, activo hace unos minutos o visto por última vez a una hora.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;Retry now</source>
        <translation>&amp;Reintentar ahora</translation>
    </message>
    <message>
        <source>Retry connecting now</source>
        <translation>Reintentar la conexión ahora</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Sin conexión</translation>
    </message>
    <message numerus="yes">
        <source>Not connected. Reconnecting in %n s —</source>
        <translation>
            <numerusform>Sin conexión. Reintento en %n s —</numerusform>
            <numerusform>Sin conexión. Reintento en %n s —</numerusform>
        </translation>
    </message>
    <message>
        <source>No contacts yet. Find people on this server with &quot;Add contact&quot; (Ctrl+N); their status then shows here.</source>
        <translation>Aún no hay contactos. Busque personas en este servidor con «Añadir contacto» (Ctrl+N); su estado aparecerá aquí.</translation>
    </message>
    <message>
        <source>No matches for &quot;%1&quot;. Esc clears the filter.</source>
        <translation>Nada coincide con «%1». Esc borra el filtro.</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ver</translation>
    </message>
    <message>
        <source>&amp;Open chat</source>
        <translation>&amp;Abrir chat</translation>
    </message>
    <message>
        <source>&amp;Remove contact</source>
        <translation>&amp;Quitar contacto</translation>
    </message>
    <message>
        <source>Removes %1 from your list; your conversation stays.</source>
        <translation>Quita a %1 de su lista; la conversación se conserva.</translation>
    </message>
    <message>
        <source>Removed %1 from your contacts.</source>
        <translation>Se quitó a %1 de sus contactos.</translation>
    </message>
    <message>
        <source>S&amp;ign in…</source>
        <translation>&amp;Iniciar sesión…</translation>
    </message>
    <message>
        <source>&amp;Search messages…</source>
        <translation>&amp;Buscar mensajes…</translation>
    </message>
    <message>
        <source>You are not signed in.</source>
        <translation>No has iniciado sesión.</translation>
    </message>
    <message>
        <source>Contacts and chats</source>
        <translation>Contactos y chats</translation>
    </message>
    <message>
        <source>Lists</source>
        <translation>Listas</translation>
    </message>
    <message>
        <source>Chats</source>
        <translation>Chats</translation>
    </message>
    <message>
        <source>User %1</source>
        <translation>Usuario %1</translation>
    </message>
    <message>
        <source>SmartFixer — %1 (%2)</source>
        <translation>SmartFixer — %1 (%2)</translation>
    </message>
    <message>
        <source>Your status</source>
        <translation>Tu estado</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Your status: %1 (click to change)</source>
        <translation>Tu estado: %1 (haz clic para cambiarlo)</translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::MessageModel</name>
    <message>
        <source>◷ Queued</source>
        <extracomment>Delivery state of an outgoing message that waits for the connection</extracomment>
        <translation>◷ En cola</translation>
    </message>
    <message>
        <source>✓ Sent</source>
        <extracomment>Delivery state: the server stored the message</extracomment>
        <translation>✓ Enviado</translation>
    </message>
    <message>
        <source>⚠ Not sent: %1</source>
        <translation>⚠ No enviado: %1</translation>
    </message>
    <message>
        <source>You</source>
        <translation>Tú</translation>
    </message>
    <message>
        <source>Them</source>
        <translation>La otra persona</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>✓✓ Read</source>
        <extracomment>Receipt: the recipient has read the message</extracomment>
        <translation>✓✓ Leído</translation>
    </message>
    <message>
        <source>✓✓ Delivered</source>
        <extracomment>Receipt: a device of the recipient has received the message</extracomment>
        <translation>✓✓ Entregado</translation>
    </message>
    <message>
        <source>Today</source>
        <extracomment>Date line in the chat above the first message of today</extracomment>
        <translation>Hoy</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>Ayer</translation>
    </message>
    <message>
        <source>dddd, d MMMM</source>
        <extracomment>Date line for a day of this year: weekday, day and month as the locale writes them</extracomment>
        <translation>dddd, d &apos;de&apos; MMMM</translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::MessageSearchDialog</name>
    <message>
        <source>Search messages</source>
        <translation>Buscar mensajes</translation>
    </message>
    <message>
        <source>Search your messages</source>
        <translation>Buscar en tus mensajes</translation>
    </message>
    <message>
        <source>Search text</source>
        <translation>Texto que buscar</translation>
    </message>
    <message>
        <source>Only the conversation with %1</source>
        <translation>Solo la conversación con %1</translation>
    </message>
    <message>
        <source>Only this conversation</source>
        <translation>Solo esta conversación</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>Resultados de la búsqueda</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Buscando…</translation>
    </message>
    <message>
        <source>You</source>
        <translation>Tú</translation>
    </message>
    <message>
        <source>User %1</source>
        <translation>Usuario %1</translation>
    </message>
    <message>
        <source>%1 · %2
%3</source>
        <translation>%1 · %2
%3</translation>
    </message>
    <message>
        <source>No messages found.</source>
        <translation>No se encontraron mensajes.</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) found.</source>
        <translation>
            <numerusform>%n mensaje encontrado.</numerusform>
            <numerusform>%n mensajes encontrados.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::Notifier</name>
    <message>
        <source>New message from %1</source>
        <translation>Nuevo mensaje de %1</translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::OwnStatusActions</name>
    <message>
        <source>&amp;Automatic</source>
        <translation>&amp;Automático</translation>
    </message>
    <message>
        <source>Online, active or last seen, as your activity says.</source>
        <translation>En línea, activo o visto por última vez, según tu actividad.</translation>
    </message>
    <message>
        <source>&amp;Do not disturb</source>
        <translation>&amp;No molestar</translation>
    </message>
    <message>
        <source>Others see that you do not want to be disturbed; SmartFixer shows no notifications.</source>
        <translation>Los demás ven que no quieres que te molesten; SmartFixer no muestra notificaciones.</translation>
    </message>
    <message>
        <source>&amp;Invisible</source>
        <translation>&amp;Invisible</translation>
    </message>
    <message>
        <source>You look offline to everyone else, but can use SmartFixer as usual.</source>
        <translation>Para los demás pareces desconectado, pero puedes usar SmartFixer como siempre.</translation>
    </message>
    <message>
        <source>Set a status &amp;message…</source>
        <translation>Establecer un &amp;mensaje de estado…</translation>
    </message>
    <message>
        <source>&amp;Clear status message</source>
        <translation>&amp;Borrar el mensaje de estado</translation>
    </message>
    <message>
        <source>Your status</source>
        <translation>Tu estado</translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::PinnedCertificatesBox</name>
    <message>
        <source>Trusted server certificates</source>
        <translation>Certificados de servidor de confianza</translation>
    </message>
    <message>
        <source>Servers whose own certificate you trusted by its fingerprint. Forget one when its host made a new certificate: the next sign-in asks again.</source>
        <translation>Servidores cuyo propio certificado aceptaste por su huella. Olvida uno cuando su equipo haya creado un certificado nuevo: el próximo inicio de sesión volverá a preguntar.</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Servidor</translation>
    </message>
    <message>
        <source>SHA-256 fingerprint</source>
        <translation>Huella SHA-256</translation>
    </message>
    <message>
        <source>No trusted certificates.</source>
        <translation>No hay certificados de confianza.</translation>
    </message>
    <message>
        <source>&amp;Forget</source>
        <translation>&amp;Olvidar</translation>
    </message>
    <message>
        <source>Forget the selected server&apos;s certificate</source>
        <translation>Olvidar el certificado del servidor seleccionado</translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>Preferencias</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Dirección del servidor</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>&amp;Servidor:</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Idle threshold in minutes</source>
        <translation>Inactividad en minutos</translation>
    </message>
    <message>
        <source>After this long without keyboard or mouse input you stop counting as active.</source>
        <translation>Tras este tiempo sin usar el teclado o el ratón dejas de contar como activo.</translation>
    </message>
    <message>
        <source>&amp;Idle after:</source>
        <translation>&amp;Inactivo tras:</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Predeterminado del sistema</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Idioma:</translation>
    </message>
    <message>
        <source>Colour theme</source>
        <translation>Tema de color</translation>
    </message>
    <message>
        <source>Desktop default</source>
        <translation>Como el escritorio</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Claro</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Oscuro</translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation>&amp;Tema:</translation>
    </message>
    <message>
        <source>Start &amp;minimised to the tray</source>
        <translation>Iniciar &amp;minimizado en la bandeja</translation>
    </message>
    <message>
        <source>&amp;Host a server for the local network</source>
        <translation>&amp;Ofrecer un servidor para la red local</translation>
    </message>
    <message>
        <source>LAN hosting</source>
        <translation>Servidor en la red local</translation>
    </message>
    <message>
        <source>Runs the presence server inside this app, so people on your network can sign in here without any cloud server.</source>
        <translation>Ejecuta el servidor de presencia dentro de esta aplicación, para que las personas de tu red puedan iniciar sesión aquí sin ningún servidor en la nube.</translation>
    </message>
    <message>
        <source>Listen address</source>
        <translation>Dirección de escucha</translation>
    </message>
    <message>
        <source>%1 (all networks)</source>
        <translation>%1 (todas las redes)</translation>
    </message>
    <message>
        <source>%1 (this computer only)</source>
        <translation>%1 (solo este equipo)</translation>
    </message>
    <message>
        <source>Listen &amp;on:</source>
        <translation>Escuchar &amp;en:</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Puerto</translation>
    </message>
    <message>
        <source>P&amp;ort:</source>
        <translation>P&amp;uerto:</translation>
    </message>
    <message>
        <source>A new language applies after a restart.</source>
        <translation>Un idioma nuevo se aplica tras reiniciar.</translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::PresenceBadge</name>
    <message>
        <source>Online</source>
        <translation>En línea</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Activo</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>Visto por última vez</translation>
    </message>
    <message>
        <source>Hidden</source>
        <translation>Oculto</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>Automático</translation>
    </message>
    <message>
        <source>Do not disturb</source>
        <translation>No molestar</translation>
    </message>
    <message>
        <source>Invisible</source>
        <translation>Invisible</translation>
    </message>
    <message>
        <source>%1, do not disturb</source>
        <extracomment>A presence badge read aloud: %1 is the state (&quot;Online&quot;); do not disturb is set</extracomment>
        <translation>%1, no molestar</translation>
    </message>
    <message>
        <source>Invisible to others</source>
        <extracomment>A presence badge read aloud: our own badge while we are invisible to others</extracomment>
        <translation>Invisible para los demás</translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::PresenceBadgeWidget</name>
    <message>
        <source>Presence: %1</source>
        <translation>Presencia: %1</translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::PrivacyDialog</name>
    <message>
        <source>Privacy</source>
        <translation>Privacidad</translation>
    </message>
    <message>
        <source>Who may see whether you are online and when you were last active?</source>
        <translation>¿Quién puede ver si estás en línea y cuándo estuviste activo por última vez?</translation>
    </message>
    <message>
        <source>&amp;Everyone</source>
        <translation>&amp;Todos</translation>
    </message>
    <message>
        <source>Every signed-in user of this server sees your status and last activity.</source>
        <translation>Todas las personas con sesión en este servidor ven tu estado y tu última actividad.</translation>
    </message>
    <message>
        <source>&amp;My contacts</source>
        <translation>&amp;Mis contactos</translation>
    </message>
    <message>
        <source>Only people on your contact list see your status; everyone else sees &quot;Presence hidden&quot;.</source>
        <translation>Solo las personas de tu lista de contactos ven tu estado; las demás ven «Presencia oculta».</translation>
    </message>
    <message>
        <source>&amp;Nobody</source>
        <translation>&amp;Nadie</translation>
    </message>
    <message>
        <source>No one sees your status or when you were last active; you still see your own.</source>
        <translation>Nadie ve tu estado ni cuándo estuviste activo; tú sigues viendo el tuyo.</translation>
    </message>
    <message>
        <source>Send &amp;read receipts</source>
        <translation>Enviar confirmaciones de &amp;lectura</translation>
    </message>
    <message>
        <source>When off, nobody sees when you read their messages, and you do not see when others read yours.</source>
        <translation>Si está desactivado, nadie ve cuándo lees sus mensajes y tú no ves cuándo otros leen los tuyos.</translation>
    </message>
    <message>
        <source>What do others see when you are not online?</source>
        <translation>¿Qué ven los demás cuando no estás en línea?</translation>
    </message>
    <message>
        <source>E&amp;xact time</source>
        <translation>Hora e&amp;xacta</translation>
    </message>
    <message>
        <source>Others see when you were last active, e.g. &quot;Last seen today at 14:30&quot;.</source>
        <translation>Los demás ven cuándo estuviste activo por última vez, p. ej. «Visto por última vez hoy a las 14:30».</translation>
    </message>
    <message>
        <source>A&amp;pproximate</source>
        <translation>A&amp;proximada</translation>
    </message>
    <message>
        <source>Others see only &quot;Last seen recently&quot;, &quot;within a week&quot;, &quot;within a month&quot; or &quot;a long time ago&quot;, never the time.</source>
        <translation>Los demás solo ven «recientemente», «esta semana», «este mes» o «hace mucho tiempo», nunca la hora.</translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::ProfileDialog</name>
    <message>
        <source>Profile of %1</source>
        <translation>Perfil de %1</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Nombre de usuario</translation>
    </message>
    <message>
        <source>Presence</source>
        <translation>Presencia</translation>
    </message>
    <message>
        <source>The status updates live while this page is open. &quot;Active&quot; means the person used SmartFixer within the last few minutes but is not connected now.</source>
        <translation>El estado se actualiza en vivo mientras esta página está abierta. «Activo» significa que la persona usó SmartFixer en los últimos minutos pero ahora no está conectada.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Status message</source>
        <translation>Mensaje de estado</translation>
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
        <translation>Desconectado</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Conectando…</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Conectado</translation>
    </message>
    <message numerus="yes">
        <source>Reconnecting in %n second(s)…</source>
        <translation type="vanished">
            <numerusform>Reconectando en %n segundo…</numerusform>
            <numerusform>Reconectando en %n segundos…</numerusform>
        </translation>
    </message>
    <message>
        <source>Signed out: the server refused the sign-in</source>
        <translation>Sesión cerrada: el servidor rechazó el inicio de sesión</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="vanished">%1 (%2)</translation>
    </message>
    <message>
        <source>Status unknown</source>
        <translation>Estado desconocido</translation>
    </message>
    <message numerus="yes">
        <source>Not connected. Reconnecting in %n s</source>
        <translation>
            <numerusform>Sin conexión. Reintento en %n s</numerusform>
            <numerusform>Sin conexión. Reintento en %n s</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not load conversations: %1</source>
        <translation>No se pudieron cargar las conversaciones: %1</translation>
    </message>
    <message>
        <source>User %1</source>
        <translation>Usuario %1</translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::StatusMessageDialog</name>
    <message>
        <source>Status message</source>
        <translation>Mensaje de estado</translation>
    </message>
    <message>
        <source>Your contacts see this under your name.</source>
        <translation>Tus contactos lo ven debajo de tu nombre.</translation>
    </message>
    <message>
        <source>e.g. In a meeting until 3</source>
        <translation>p. ej. En una reunión hasta las 3</translation>
    </message>
    <message>
        <source>&amp;Message:</source>
        <translation>&amp;Mensaje:</translation>
    </message>
    <message>
        <source>Clear after</source>
        <translation>Borrar tras</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>Nunca</translation>
    </message>
    <message>
        <source>30 minutes</source>
        <translation>30 minutos</translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation>1 hora</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Hoy</translation>
    </message>
    <message>
        <source>This week</source>
        <translation>Esta semana</translation>
    </message>
    <message>
        <source>Clear &amp;after:</source>
        <translation>Borrar &amp;tras:</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problema</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Guardar</translation>
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation>&amp;Borrar</translation>
    </message>
    <message>
        <source>Remove your status message now</source>
        <translation>Quitar ahora tu mensaje de estado</translation>
    </message>
    <message>
        <source>%1/%2</source>
        <translation>%1/%2</translation>
    </message>
    <message numerus="yes">
        <source>%n of 100 characters used</source>
        <translation>
            <numerusform>%n de 100 caracteres usado</numerusform>
            <numerusform>%n de 100 caracteres usados</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>At most %n characters.</source>
        <translation>
            <numerusform>Como máximo %n carácter.</numerusform>
            <numerusform>Como máximo %n caracteres.</numerusform>
        </translation>
    </message>
    <message>
        <source>Line breaks, tabs and other invisible characters are not allowed.</source>
        <translation>No se permiten saltos de línea, tabuladores ni otros caracteres invisibles.</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>SmartFixer Desktop: chat with live presence.</source>
        <translation>SmartFixer Desktop: chat con presencia en vivo.</translation>
    </message>
    <message>
        <source>Server to connect to, e.g. http://host:8765.</source>
        <translation>Servidor al que conectarse, p. ej. http://host:8765.</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>User name to sign in as.</source>
        <translation>Nombre de usuario para iniciar sesión.</translation>
    </message>
    <message>
        <source>NAME</source>
        <translation>NOMBRE</translation>
    </message>
    <message>
        <source>Host a presence server for the LAN inside the app.</source>
        <translation>Ofrecer un servidor de presencia para la red local dentro de la aplicación.</translation>
    </message>
    <message>
        <source>Demo mode: embedded server, scripted demo users.</source>
        <translation>Modo demo: servidor integrado, personas de demostración con guion.</translation>
    </message>
    <message>
        <source>UI language: en, de, es or ru.</source>
        <translation>Idioma de la interfaz: en, de, es o ru.</translation>
    </message>
    <message>
        <source>CODE</source>
        <translation>CÓDIGO</translation>
    </message>
    <message>
        <source>smartfixer: --server: not a URL: %1</source>
        <translation type="vanished">smartfixer: --server: no es una URL: %1</translation>
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
        <translation>SmartFixer no pudo iniciarse: %1</translation>
    </message>
    <message>
        <source>With --host: do not announce the server on the LAN.</source>
        <translation>Con --host: no anunciar el servidor en la red local.</translation>
    </message>
</context>
</TS>
