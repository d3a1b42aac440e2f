<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
<context>
    <name>ErrorText</name>
    <message>
        <source>Wrong name or password.</source>
        <translation>Неверное имя или пароль.</translation>
    </message>
    <message>
        <source>That name is taken. Choose another one, or sign in if it is yours.</source>
        <translation>Это имя уже занято. Выберите другое или войдите, если оно ваше.</translation>
    </message>
    <message>
        <source>This server does not let you create accounts. Ask the person who runs it.</source>
        <translation>На этом сервере нельзя создать учётную запись. Обратитесь к тому, кто его запустил.</translation>
    </message>
    <message>
        <source>Too many tries — wait a little and try again.</source>
        <translation>Слишком много попыток — подождите немного и попробуйте снова.</translation>
    </message>
    <message numerus="yes">
        <source>Too many tries — try again in %n second(s).</source>
        <translation>
            <numerusform>Слишком много попыток — попробуйте снова через %n секунду.</numerusform>
            <numerusform>Слишком много попыток — попробуйте снова через %n секунды.</numerusform>
            <numerusform>Слишком много попыток — попробуйте снова через %n секунд.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Too many tries — try again in %n minute(s).</source>
        <translation>
            <numerusform>Слишком много попыток — попробуйте снова через %n минуту.</numerusform>
            <numerusform>Слишком много попыток — попробуйте снова через %n минуты.</numerusform>
            <numerusform>Слишком много попыток — попробуйте снова через %n минут.</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot reach %1. Check the address and that the server is running.</source>
        <translation>Не удаётся связаться с %1. Проверьте адрес и что сервер запущен.</translation>
    </message>
    <message>
        <source>The server did not answer in time. Try again.</source>
        <translation>Сервер не ответил вовремя. Попробуйте снова.</translation>
    </message>
    <message>
        <source>This address is not a SmartFixer server.</source>
        <translation>По этому адресу нет сервера SmartFixer.</translation>
    </message>
    <message>
        <source>The server did not accept this name or password.</source>
        <translation>Сервер не принял это имя или пароль.</translation>
    </message>
    <message>
        <source>Something went wrong on the server. Try again later.</source>
        <translation>На сервере что-то пошло не так. Попробуйте позже.</translation>
    </message>
    <message>
        <source>Enter the server address, e.g. http://192.168.1.20:8765.</source>
        <translation>Введите адрес сервера, например http://192.168.1.20:8765.</translation>
    </message>
    <message>
        <source>The address must start with http:// or https://.</source>
        <translation>Адрес должен начинаться с http:// или https://.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a computer name or IP address.</source>
        <translation>«%1» — не имя компьютера и не IP-адрес.</translation>
    </message>
    <message>
        <source>The port must be a number from 1 to 65535.</source>
        <translation>Порт должен быть числом от 1 до 65535.</translation>
    </message>
    <message>
        <source>Unexpected &quot;%1&quot; in the address.</source>
        <translation>Лишнее «%1» в адресе.</translation>
    </message>
    <message>
        <source>The certificate of %1 has CHANGED since you trusted it: someone may be intercepting the connection, so SmartFixer does not connect.</source>
        <translation>Сертификат %1 ИЗМЕНИЛСЯ с тех пор, как вы ему доверились: возможно, соединение перехватывают, поэтому SmartFixer не подключается.</translation>
    </message>
    <message>
        <source>The server&apos;s certificate expired on %1.</source>
        <translation>Срок действия сертификата сервера истёк %1.</translation>
    </message>
    <message>
        <source>The server&apos;s certificate is not valid before %1. Check this computer&apos;s date and time.</source>
        <translation>Сертификат сервера действителен только с %1. Проверьте дату и время на этом компьютере.</translation>
    </message>
    <message>
        <source>The server&apos;s certificate names no server, so it cannot be for %1.</source>
        <translation>В сертификате сервера не указан ни один сервер, поэтому он не может относиться к %1.</translation>
    </message>
    <message>
        <source>The server&apos;s certificate is for %1, not for %2. Check the address.</source>
        <translation>Сертификат сервера выдан для %1, а не для %2. Проверьте адрес.</translation>
    </message>
    <message>
        <source>The server made its certificate itself (self-signed): no authority this computer trusts vouches for it.</source>
        <translation>Сервер выпустил сертификат сам (самоподписанный): ни один центр, которому доверяет этот компьютер, за него не ручается.</translation>
    </message>
    <message>
        <source>The server&apos;s certificate is issued by an authority this computer does not trust.</source>
        <translation>Сертификат сервера выпущен центром, которому этот компьютер не доверяет.</translation>
    </message>
    <message>
        <source>The server&apos;s certificate was revoked by whoever issued it.</source>
        <translation>Сертификат сервера отозван тем, кто его выпустил.</translation>
    </message>
    <message>
        <source>The server sent no certificate.</source>
        <translation>Сервер не прислал сертификат.</translation>
    </message>
    <message>
        <source>The server&apos;s certificate cannot be checked.</source>
        <translation>Сертификат сервера невозможно проверить.</translation>
    </message>
    <message>
        <source>The server did not accept this status: the message may be too long or hold characters it does not allow, or the time to clear it has passed. Your status did not change.</source>
        <translation>Сервер не принял этот статус: возможно, сообщение слишком длинное или содержит недопустимые символы, либо время его сброса уже прошло. Ваш статус не изменился.</translation>
    </message>
    <message>
        <source>You are signed out. Sign in again to change your status.</source>
        <translation>Вы вышли из системы. Войдите снова, чтобы изменить статус.</translation>
    </message>
    <message>
        <source>Too many changes at once — wait a little and try again.</source>
        <translation>Слишком много изменений сразу — подождите немного и попробуйте снова.</translation>
    </message>
    <message>
        <source>The server cannot be reached, so your status did not change. Try again when you are connected.</source>
        <translation>Сервер недоступен, поэтому статус не изменился. Попробуйте снова, когда будет соединение.</translation>
    </message>
    <message>
        <source>This server does not support setting your status.</source>
        <translation>Этот сервер не поддерживает установку статуса.</translation>
    </message>
    <message>
        <source>Your status could not be changed. Try again later.</source>
        <translation>Не удалось изменить статус. Попробуйте позже.</translation>
    </message>
</context>
<context>
    <name>SmartFixer</name>
    <message>
        <source>online</source>
        <translation>в сети</translation>
    </message>
    <message>
        <source>Active just now</source>
        <translation>Активность: только что</translation>
    </message>
    <message numerus="yes">
        <source>Active %n minute(s) ago</source>
        <translation>
            <numerusform>Активность: %n минуту назад</numerusform>
            <numerusform>Активность: %n минуты назад</numerusform>
            <numerusform>Активность: %n минут назад</numerusform>
        </translation>
    </message>
    <message>
        <source>Last seen today at %1</source>
        <translation>Был(а) в сети сегодня в %1</translation>
    </message>
    <message>
        <source>Last seen yesterday at %1</source>
        <translation>Был(а) в сети вчера в %1</translation>
    </message>
    <message>
        <source>Last seen on %1 at %2</source>
        <extracomment>%1 is a date such as &quot;3 Nov&quot; or &quot;3 Nov 2025&quot;, %2 a time such as &quot;14:30&quot;</extracomment>
        <translation>Был(а) в сети %1 в %2</translation>
    </message>
    <message>
        <source>Last seen a long time ago</source>
        <translation>Был(а) в сети давно</translation>
    </message>
    <message>
        <source>Presence hidden</source>
        <translation>Статус скрыт</translation>
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
        <translation>Был(а) недавно</translation>
    </message>
    <message>
        <source>Last seen within a week</source>
        <translation>Был(а) в течение недели</translation>
    </message>
    <message>
        <source>Last seen within a month</source>
        <translation>Был(а) в течение месяца</translation>
    </message>
</context>
<context>
    <name>SmartFixer::DemoScript</name>
    <message>
        <source>the demo server is not running</source>
        <translation>демо-сервер не запущен</translation>
    </message>
    <message>
        <source>You (demo)</source>
        <translation>Вы (демо)</translation>
    </message>
    <message>
        <source>Online all the time; answers your messages.</source>
        <translation>Всё время в сети; отвечает на ваши сообщения.</translation>
    </message>
    <message>
        <source>Leaves early: active just now, then N minutes ago.</source>
        <translation>Уходит рано: был(а) только что, потом N минут назад.</translation>
    </message>
    <message>
        <source>Was active 3 minutes ago; turns &quot;last seen today&quot;.</source>
        <translation>Был активен 3 минуты назад; затем «был(а) сегодня».</translation>
    </message>
    <message>
        <source>Last seen yesterday; comes online mid-cycle.</source>
        <translation>Был(а) вчера; появляется в сети в середине цикла.</translation>
    </message>
    <message>
        <source>Online but hides her presence; shows it briefly.</source>
        <translation>В сети, но скрывает статус; ненадолго показывает его.</translation>
    </message>
    <message>
        <source>Never seen; drops in for a moment.</source>
        <translation>Никогда не был(а) в сети; заходит на минутку.</translation>
    </message>
    <message>
        <source>Last seen a few days ago.</source>
        <translation>Был(а) в сети несколько дней назад.</translation>
    </message>
    <message numerus="yes">
        <source>Demo set up: %n demo user(s), time runs %1x faster, active window %2 min</source>
        <translation>
            <numerusform>Демо готово: %n демо-пользователь, время идёт в %1 раз быстрее, окно активности %2 мин</numerusform>
            <numerusform>Демо готово: %n демо-пользователя, время идёт в %1 раз быстрее, окно активности %2 мин</numerusform>
            <numerusform>Демо готово: %n демо-пользователей, время идёт в %1 раз быстрее, окно активности %2 мин</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 connects</source>
        <translation>%1 подключается</translation>
    </message>
    <message>
        <source>%1 disconnects</source>
        <translation>%1 отключается</translation>
    </message>
    <message>
        <source>%1 sets privacy to Nobody (presence hidden)</source>
        <translation>%1 выбирает приватность «Никто» (статус скрыт)</translation>
    </message>
    <message>
        <source>%1 sets privacy to Everyone (presence visible)</source>
        <translation>%1 выбирает приватность «Все» (статус виден)</translation>
    </message>
    <message>
        <source>Hi! I&apos;m %1, one of the demo people.</source>
        <translation>Привет! Я %1, один из демо-пользователей.</translation>
    </message>
    <message>
        <source>You wrote &quot;%1&quot;. Watch my badge in the list while we talk.</source>
        <translation>Вы написали «%1». Следите за моим значком в списке, пока мы общаемся.</translation>
    </message>
    <message>
        <source>Every message counts as activity, so the server marks me active.</source>
        <translation>Каждое сообщение считается активностью, поэтому сервер отмечает меня активным.</translation>
    </message>
    <message>
        <source>Try Privacy in the menu: with &quot;Nobody&quot; the others see &quot;Presence hidden&quot;.</source>
        <translation>Попробуйте «Приватность» в меню: при «Никто» остальные видят «Статус скрыт».</translation>
    </message>
    <message>
        <source>%1 got a message and will answer</source>
        <translation>%1 получил(а) сообщение и сейчас ответит</translation>
    </message>
    <message>
        <source>%1 could not change privacy: %2</source>
        <translation>%1 не удалось изменить приватность: %2</translation>
    </message>
    <message>
        <source>Writing the first program — back soon</source>
        <translation>Пишу первую программу — скоро вернусь</translation>
    </message>
    <message>
        <source>%1 could not change status: %2</source>
        <translation>%1 не удалось изменить статус: %2</translation>
    </message>
    <message>
        <source>%1 sets Do not disturb: &quot;%2&quot; (clears itself)</source>
        <translation>%1 включает «Не беспокоить»: «%2» (сбросится само)</translation>
    </message>
    <message>
        <source>%1 goes invisible (looks offline to others)</source>
        <translation>%1 становится невидимкой (для других не в сети)</translation>
    </message>
    <message>
        <source>%1 is back to the automatic status</source>
        <translation>%1 снова в автоматическом статусе</translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::AddContactDialog</name>
    <message>
        <source>Add contact</source>
        <translation>Добавить контакт</translation>
    </message>
    <message>
        <source>Search by name or user name</source>
        <translation>Поиск по имени или логину</translation>
    </message>
    <message>
        <source>Search the user directory</source>
        <translation>Поиск в каталоге пользователей</translation>
    </message>
    <message>
        <source>People found</source>
        <translation>Найденные люди</translation>
    </message>
    <message>
        <source>Type at least one letter.</source>
        <translation>Введите хотя бы одну букву.</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Добавить</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Поиск…</translation>
    </message>
    <message>
        <source>Nobody found.</source>
        <translation>Никого не найдено.</translation>
    </message>
    <message numerus="yes">
        <source>%n person(s) found.</source>
        <translation>
            <numerusform>Найден %n человек.</numerusform>
            <numerusform>Найдено %n человека.</numerusform>
            <numerusform>Найдено %n человек.</numerusform>
        </translation>
    </message>
    <message>
        <source>Added %1.</source>
        <translation type="vanished">%1 добавлен(а).</translation>
    </message>
    <message>
        <source>%1 — already a contact</source>
        <translation>%1 — уже в контактах</translation>
    </message>
    <message>
        <source>Everyone found is already in your contacts.</source>
        <translation>Все найденные уже есть в ваших контактах.</translation>
    </message>
    <message>
        <source>Added %1. Add more, or close this window.</source>
        <translation>%1 добавлен(а). Добавьте ещё или закройте это окно.</translation>
    </message>
    <message>
        <source>%1 — added</source>
        <translation>%1 — добавлен(а)</translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::AvatarWidget</name>
    <message>
        <source>Avatar of %1</source>
        <translation>Аватар: %1</translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::ChatPane</name>
    <message>
        <source>Select a contact on the left to start a conversation.</source>
        <translation>Выберите контакт слева, чтобы начать разговор.</translation>
    </message>
    <message>
        <source>Contact status</source>
        <translation>Статус контакта</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Профиль</translation>
    </message>
    <message>
        <source>Show profile</source>
        <translation>Показать профиль</translation>
    </message>
    <message>
        <source>Show this contact&apos;s profile (Ctrl+I)</source>
        <translation>Показать профиль этого контакта (Ctrl+I)</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Сообщения</translation>
    </message>
    <message>
        <source>Typing indicator</source>
        <translation>Индикатор набора</translation>
    </message>
    <message>
        <source>Write a message… (Enter sends)</source>
        <translation>Напишите сообщение… (Enter — отправить)</translation>
    </message>
    <message>
        <source>Message text</source>
        <translation>Текст сообщения</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>&amp;Отправить</translation>
    </message>
    <message>
        <source>Send message</source>
        <translation>Отправить сообщение</translation>
    </message>
    <message>
        <source>Status unknown</source>
        <translation>Статус неизвестен</translation>
    </message>
    <message>
        <source>Message to %1</source>
        <translation>Сообщение для %1</translation>
    </message>
    <message>
        <source>%1 is typing…</source>
        <translation>%1 печатает…</translation>
    </message>
    <message>
        <source>Contact name</source>
        <translation>Имя контакта</translation>
    </message>
    <message>
        <source>Last known: %1</source>
        <translation>Последнее известное: %1</translation>
    </message>
    <message>
        <source>Status message</source>
        <translation>Сообщение статуса</translation>
    </message>
    <message>
        <source>%1 — Do not disturb</source>
        <extracomment>Chat header: %1 is the presence text (&quot;online&quot;), then the manual status</extracomment>
        <translation>%1 — Не беспокоить</translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::ContactDelegate</name>
    <message>
        <source>%1 · has not added you back</source>
        <translation>%1 · ещё не добавил(а) вас</translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::ContactListModel</name>
    <message numerus="yes">
        <source>%1, %2, %n unread message(s)</source>
        <translation>
            <numerusform>%1, %2, %n непрочитанное сообщение</numerusform>
            <numerusform>%1, %2, %n непрочитанных сообщения</numerusform>
            <numerusform>%1, %2, %n непрочитанных сообщений</numerusform>
        </translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>%1 — last known: %2 (not current while disconnected)</source>
        <translation>%1 — последнее известное: %2 (без связи не обновляется)</translation>
    </message>
    <message>
        <source>%1 — %2. %1 has not added you back yet.</source>
        <translation>%1 — %2. %1 ещё не добавил(а) вас в контакты.</translation>
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
        <translation>Чаты</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n unread)</source>
        <translation>
            <numerusform>%1 (%n непрочитанное)</numerusform>
            <numerusform>%1 (%n непрочитанных)</numerusform>
            <numerusform>%1 (%n непрочитанных)</numerusform>
        </translation>
    </message>
    <message>
        <source>You: %1</source>
        <extracomment>Preview of our own last message in the conversations list</extracomment>
        <translation>Вы: %1</translation>
    </message>
    <message>
        <source>No conversations yet.</source>
        <translation>Пока нет бесед.</translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::DemoPanel</name>
    <message>
        <source>QA panel (demo)</source>
        <translation>Панель QA (демо)</translation>
    </message>
    <message>
        <source>QA panel</source>
        <translation>Панель QA</translation>
    </message>
    <message>
        <source>Demo time runs %1x faster. &quot;True state&quot; is what the server holds; &quot;Shown&quot; is what this app displays after privacy.</source>
        <translation>Время в демо идёт в %1 раз быстрее. «Истинное состояние» — то, что знает сервер; «Показано» — то, что видит это приложение с учётом приватности.</translation>
    </message>
    <message>
        <source>Demo users and their states</source>
        <translation>Демо-пользователи и их состояния</translation>
    </message>
    <message>
        <source>Demo user</source>
        <translation>Демо-пользователь</translation>
    </message>
    <message>
        <source>True state</source>
        <translation>Истинное состояние</translation>
    </message>
    <message>
        <source>Shown in the app</source>
        <translation type="vanished">Показано в приложении</translation>
    </message>
    <message>
        <source>Script</source>
        <translation>Сценарий</translation>
    </message>
    <message>
        <source>&amp;Force selected user:</source>
        <translation>&amp;Задать выбранному:</translation>
    </message>
    <message>
        <source>State to force</source>
        <translation>Задаваемое состояние</translation>
    </message>
    <message>
        <source>Online (connect)</source>
        <translation>В сети (подключить)</translation>
    </message>
    <message>
        <source>Offline (active, then last seen)</source>
        <translation>Не в сети (недавно, затем «был(а)»)</translation>
    </message>
    <message>
        <source>Hidden (privacy: nobody)</source>
        <translation>Скрыт (приватность: никто)</translation>
    </message>
    <message>
        <source>Visible (privacy: everyone)</source>
        <translation>Виден (приватность: все)</translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation>&amp;Применить</translation>
    </message>
    <message>
        <source>Apply forced state</source>
        <translation>Применить заданное состояние</translation>
    </message>
    <message>
        <source>Event log</source>
        <translation>Журнал событий</translation>
    </message>
    <message>
        <source>app shows %1: %2</source>
        <translation>приложение показывает %1: %2</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>подключён</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>не в сети</translation>
    </message>
    <message>
        <source>%1, hidden</source>
        <translation>%1, скрыт</translation>
    </message>
    <message>
        <source>Events (times on the demo clock):</source>
        <translation>События (время по часам демо):</translation>
    </message>
    <message>
        <source>Shown</source>
        <translation>В приложении</translation>
    </message>
    <message>
        <source>The scripted demo user</source>
        <translation>Демо-пользователь из сценария</translation>
    </message>
    <message>
        <source>The state the server holds for this user</source>
        <translation>Состояние, которое знает сервер</translation>
    </message>
    <message>
        <source>What this app shows for the user, after privacy</source>
        <translation>Что показывает приложение с учётом приватности</translation>
    </message>
    <message>
        <source>What the demo script is doing with this user</source>
        <translation>Что сценарий демо делает с этим пользователем</translation>
    </message>
    <message>
        <source>Do not disturb (message clears itself)</source>
        <translation>Не беспокоить (сообщение сбросится само)</translation>
    </message>
    <message>
        <source>Invisible (looks offline)</source>
        <translation>Невидимка (выглядит не в сети)</translation>
    </message>
    <message>
        <source>Automatic status</source>
        <translation>Автоматический статус</translation>
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
        <translation>не удаётся создать временную папку: %1</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an IP address to listen on</source>
        <translation>«%1» — не IP-адрес для прослушивания</translation>
    </message>
    <message>
        <source>Hosting: others connect to %1</source>
        <translation type="vanished">Сервер запущен: другие подключаются к %1</translation>
    </message>
    <message>
        <source>Restart SmartFixer</source>
        <translation>Перезапуск SmartFixer</translation>
    </message>
    <message>
        <source>The new settings take effect after a restart. Restart SmartFixer now?</source>
        <translation>Новые настройки вступят в силу после перезапуска. Перезапустить SmartFixer сейчас?</translation>
    </message>
    <message>
        <source>Could not start SmartFixer again; please start it yourself.</source>
        <translation>Не удалось снова запустить SmartFixer; запустите его вручную.</translation>
    </message>
    <message>
        <source>Port %1 is in use</source>
        <translation>Порт %1 занят</translation>
    </message>
    <message>
        <source>SmartFixer cannot host on port %1: another program (perhaps another copy of SmartFixer) already uses it.</source>
        <translation>SmartFixer не может запустить сервер на порту %1: его уже занимает другая программа (возможно, ещё одна копия SmartFixer).</translation>
    </message>
    <message>
        <source>Host on a free port instead? Others then need the new address, shown in the status bar. You can choose a fixed port in Preferences.</source>
        <translation>Запустить на свободном порту? Тогда другим понадобится новый адрес — он в строке состояния. Постоянный порт можно выбрать в настройках.</translation>
    </message>
    <message>
        <source>Use a &amp;free port</source>
        <translation>&amp;Свободный порт</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Выйти</translation>
    </message>
    <message>
        <source>Port %1 was busy; hosting on port %2 instead.</source>
        <translation>Порт %1 был занят; сервер работает на порту %2.</translation>
    </message>
    <message>
        <source>Your name on this server</source>
        <translation>Ваше имя на этом сервере</translation>
    </message>
    <message>
        <source>You host the server, so you are signed in without a password. Which user name should others see?</source>
        <translation>Сервер запущен у вас, поэтому вход без пароля. Какое имя пользователя увидят другие?</translation>
    </message>
    <message>
        <source>Hosting: others connect to %1 — certificate SHA-256 %2</source>
        <translation>Сервер запущен: другие подключаются к %1 — сертификат SHA-256 %2</translation>
    </message>
    <message>
        <source>Your saved sign-in could not be read from the keyring (%1). Please sign in.</source>
        <translation>Не удалось прочитать сохранённый вход из связки ключей (%1). Пожалуйста, войдите.</translation>
    </message>
    <message>
        <source>Could not keep your sign-in in the keyring (%1); you will be asked for your password next time.</source>
        <translation>Не удалось сохранить вход в связке ключей (%1); в следующий раз потребуется пароль.</translation>
    </message>
    <message>
        <source>Stay signed in</source>
        <translation>Оставаться в системе</translation>
    </message>
    <message>
        <source>No keyring is running, so you&apos;ll be asked for your password next time.</source>
        <translation>Связка ключей не запущена, поэтому в следующий раз потребуется пароль.</translation>
    </message>
    <message>
        <source>SmartFixer keeps sign-ins only in the system keyring (such as GNOME Keyring or KWallet), never in a plain file.</source>
        <translation>SmartFixer хранит входы только в системной связке ключей (например, GNOME Keyring или KWallet) и никогда — в обычном файле.</translation>
    </message>
    <message>
        <source>Your sign-in is no longer valid (it expired, or it was ended on another device or by the server&apos;s administrator). Please sign in again.</source>
        <translation>Ваш вход больше не действителен (срок истёк или вход завершён на другом устройстве или администратором сервера). Войдите снова.</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1 на %2</translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::FoundServersList</name>
    <message>
        <source>Servers on this network:</source>
        <translation>Серверы в этой сети:</translation>
    </message>
    <message>
        <source>Servers found on this network</source>
        <translation>Серверы, найденные в этой сети</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>encrypted</source>
        <translation>зашифровано</translation>
    </message>
    <message>
        <source>Choose one to fill in its address, or type an address below.</source>
        <translation>Выберите сервер, чтобы подставить его адрес, или введите адрес ниже.</translation>
    </message>
    <message>
        <source>Cannot look for servers on this network (%1). Type the address below.</source>
        <translation>Не удаётся искать серверы в этой сети (%1). Введите адрес ниже.</translation>
    </message>
    <message>
        <source>Looking for servers… none found yet. You can type the address below.</source>
        <translation>Поиск серверов… пока ни одного не найдено. Можно ввести адрес ниже.</translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::LoginDialog</name>
    <message>
        <source>Sign in to SmartFixer</source>
        <translation>Вход в SmartFixer</translation>
    </message>
    <message>
        <source>Server: %1</source>
        <translation type="vanished">Сервер: %1</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Адрес сервера</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Имя пользователя</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Пароль</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>&amp;Имя пользователя:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Пароль:</translation>
    </message>
    <message>
        <source>Sign-in error</source>
        <translation>Ошибка входа</translation>
    </message>
    <message>
        <source>&amp;Sign in</source>
        <translation>&amp;Войти</translation>
    </message>
    <message>
        <source>&amp;Create account</source>
        <translation>&amp;Создать учётную запись</translation>
    </message>
    <message>
        <source>Create this account on the server (only where the server allows it, e.g. a LAN host).</source>
        <translation>Создать эту учётную запись на сервере (только если сервер это разрешает, например сервер в локальной сети).</translation>
    </message>
    <message>
        <source>Choose a user name and a password first.</source>
        <translation>Сначала выберите имя пользователя и пароль.</translation>
    </message>
    <message>
        <source>Creating the account…</source>
        <translation>Создание учётной записи…</translation>
    </message>
    <message>
        <source>Could not sign in: %1</source>
        <translation type="vanished">Не удалось войти: %1</translation>
    </message>
    <message>
        <source>Please enter your user name.</source>
        <translation>Введите имя пользователя.</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Вход…</translation>
    </message>
    <message>
        <source>Se&amp;rver:</source>
        <translation>Се&amp;рвер:</translation>
    </message>
    <message>
        <source>S&amp;tay signed in</source>
        <translation>&amp;Оставаться в системе</translation>
    </message>
    <message>
        <source>Keeps your sign-in in this computer&apos;s keyring, so SmartFixer signs you in at start without asking for the password. Sign out forgets it.</source>
        <translation>Хранит вход в связке ключей этого компьютера, чтобы SmartFixer входил при запуске без пароля. «Выйти» удаляет его.</translation>
    </message>
    <message>
        <source>The server&apos;s certificate cannot be used: %1</source>
        <translation type="vanished">Сертификат сервера нельзя использовать: %1</translation>
    </message>
    <message>
        <source>WARNING: the certificate of %1 has CHANGED since you trusted it.

Trusted:  %2
Now:      %3

Someone may be intercepting the connection. SmartFixer refuses to connect. If the host really made a new certificate, ask its owner to confirm the new fingerprint.</source>
        <translation>ВНИМАНИЕ: сертификат %1 ИЗМЕНИЛСЯ с тех пор, как вы ему доверились.

Доверенный: %2
Сейчас:     %3

Возможно, кто-то перехватывает соединение. SmartFixer отказывается подключаться. Если владелец сервера действительно создал новый сертификат, попросите его подтвердить новый отпечаток.</translation>
    </message>
    <message>
        <source>Refused: the certificate of %1 has changed.</source>
        <translation>Отказано: сертификат %1 изменился.</translation>
    </message>
    <message>
        <source>Certificate changed</source>
        <translation>Сертификат изменился</translation>
    </message>
    <message>
        <source>%1 shows a certificate that no authority this computer trusts has signed (normal for a SmartFixer LAN host).

Compare its SHA-256 fingerprint with the one the host&apos;s window shows:

%2

Trust this certificate for %1 from now on?</source>
        <translation>%1 показывает сертификат, не подписанный ни одним центром, которому доверяет этот компьютер (обычно для сервера SmartFixer в локальной сети).

Сравните его отпечаток SHA-256 с тем, что показывает окно сервера:

%2

Доверять этому сертификату для %1 с этого момента?</translation>
    </message>
    <message>
        <source>Trust this server?</source>
        <translation>Доверять этому серверу?</translation>
    </message>
    <message>
        <source>&amp;Trust</source>
        <translation>&amp;Доверять</translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::MainWindow</name>
    <message>
        <source>Filter contacts (Ctrl+F)</source>
        <translation>Фильтр контактов (Ctrl+F)</translation>
    </message>
    <message>
        <source>Filter contacts</source>
        <translation>Фильтр контактов</translation>
    </message>
    <message>
        <source>Add contact</source>
        <translation>Добавить контакт</translation>
    </message>
    <message>
        <source>Add a contact from the user directory (Ctrl+N)</source>
        <translation>Добавить контакт из каталога пользователей (Ctrl+N)</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>Контакты</translation>
    </message>
    <message>
        <source>&amp;SmartFixer</source>
        <translation>&amp;SmartFixer</translation>
    </message>
    <message>
        <source>&amp;Privacy…</source>
        <translation>&amp;Приватность…</translation>
    </message>
    <message>
        <source>Pr&amp;eferences…</source>
        <translation>&amp;Настройки…</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>&amp;Выйти из учётной записи</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>В&amp;ыход</translation>
    </message>
    <message>
        <source>&amp;Contacts</source>
        <translation>&amp;Контакты</translation>
    </message>
    <message>
        <source>&amp;Find contact</source>
        <translation>&amp;Найти контакт</translation>
    </message>
    <message>
        <source>&amp;Add contact…</source>
        <translation>&amp;Добавить контакт…</translation>
    </message>
    <message>
        <source>View &amp;profile</source>
        <translation>&amp;Профиль</translation>
    </message>
    <message>
        <source>&amp;Write message</source>
        <translation>&amp;Написать сообщение</translation>
    </message>
    <message>
        <source>Go to contact &amp;list</source>
        <translation>К &amp;списку контактов</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Справка</translation>
    </message>
    <message>
        <source>&amp;About SmartFixer</source>
        <translation>&amp;О SmartFixer</translation>
    </message>
    <message>
        <source>Your presence</source>
        <translation>Ваш статус</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Подключение</translation>
    </message>
    <message>
        <source>Hosting address</source>
        <translation>Адрес сервера для других</translation>
    </message>
    <message>
        <source>&amp;Show SmartFixer</source>
        <translation>&amp;Показать SmartFixer</translation>
    </message>
    <message>
        <source>SmartFixer</source>
        <translation>SmartFixer</translation>
    </message>
    <message>
        <source>You: %1</source>
        <translation>Вы: %1</translation>
    </message>
    <message>
        <source>SmartFixer — %1</source>
        <translation>SmartFixer — %1</translation>
    </message>
    <message>
        <source>Someone</source>
        <translation>Кто-то</translation>
    </message>
    <message>
        <source>New message from %1</source>
        <translation type="vanished">Новое сообщение от %1</translation>
    </message>
    <message>
        <source>About SmartFixer</source>
        <translation>О SmartFixer</translation>
    </message>
    <message>
        <source>&lt;h3&gt;SmartFixer Desktop %1&lt;/h3&gt;&lt;p&gt;Chat with live presence: online, active a few minutes ago, or last seen at a time.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;SmartFixer Desktop %1&lt;/h3&gt;&lt;p&gt;Чат с живым статусом: в сети, был(а) несколько минут назад или был(а) в сети в определённое время.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;Retry now</source>
        <translation>&amp;Повторить сейчас</translation>
    </message>
    <message>
        <source>Retry connecting now</source>
        <translation>Повторить подключение сейчас</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Не в сети</translation>
    </message>
    <message numerus="yes">
        <source>Not connected. Reconnecting in %n s —</source>
        <translation>
            <numerusform>Нет связи. Повтор через %n с —</numerusform>
            <numerusform>Нет связи. Повтор через %n с —</numerusform>
            <numerusform>Нет связи. Повтор через %n с —</numerusform>
        </translation>
    </message>
    <message>
        <source>No contacts yet. Find people on this server with &quot;Add contact&quot; (Ctrl+N); their status then shows here.</source>
        <translation>Контактов пока нет. Найдите людей на этом сервере через «Добавить контакт» (Ctrl+N) — их статус появится здесь.</translation>
    </message>
    <message>
        <source>No matches for &quot;%1&quot;. Esc clears the filter.</source>
        <translation>Ничего не найдено по «%1». Esc очищает фильтр.</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Вид</translation>
    </message>
    <message>
        <source>&amp;Open chat</source>
        <translation>&amp;Открыть чат</translation>
    </message>
    <message>
        <source>&amp;Remove contact</source>
        <translation>&amp;Удалить контакт</translation>
    </message>
    <message>
        <source>Removes %1 from your list; your conversation stays.</source>
        <translation>Удаляет %1 из списка; переписка сохранится.</translation>
    </message>
    <message>
        <source>Removed %1 from your contacts.</source>
        <translation>%1 удалён(а) из контактов.</translation>
    </message>
    <message>
        <source>S&amp;ign in…</source>
        <translation>&amp;Войти…</translation>
    </message>
    <message>
        <source>&amp;Search messages…</source>
        <translation>&amp;Поиск сообщений…</translation>
    </message>
    <message>
        <source>You are not signed in.</source>
        <translation>Вы не вошли в систему.</translation>
    </message>
    <message>
        <source>Contacts and chats</source>
        <translation>Контакты и чаты</translation>
    </message>
    <message>
        <source>Lists</source>
        <translation>Списки</translation>
    </message>
    <message>
        <source>Chats</source>
        <translation>Чаты</translation>
    </message>
    <message>
        <source>User %1</source>
        <translation>Пользователь %1</translation>
    </message>
    <message>
        <source>SmartFixer — %1 (%2)</source>
        <translation>SmartFixer — %1 (%2)</translation>
    </message>
    <message>
        <source>Your status</source>
        <translation>Ваш статус</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Your status: %1 (click to change)</source>
        <translation>Ваш статус: %1 (нажмите, чтобы изменить)</translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::MessageModel</name>
    <message>
        <source>◷ Queued</source>
        <extracomment>Delivery state of an outgoing message that waits for the connection</extracomment>
        <translation>◷ В очереди</translation>
    </message>
    <message>
        <source>✓ Sent</source>
        <extracomment>Delivery state: the server stored the message</extracomment>
        <translation>✓ Отправлено</translation>
    </message>
    <message>
        <source>⚠ Not sent: %1</source>
        <translation>⚠ Не отправлено: %1</translation>
    </message>
    <message>
        <source>You</source>
        <translation>Вы</translation>
    </message>
    <message>
        <source>Them</source>
        <translation>Собеседник</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>✓✓ Read</source>
        <extracomment>Receipt: the recipient has read the message</extracomment>
        <translation>✓✓ Прочитано</translation>
    </message>
    <message>
        <source>✓✓ Delivered</source>
        <extracomment>Receipt: a device of the recipient has received the message</extracomment>
        <translation>✓✓ Доставлено</translation>
    </message>
    <message>
        <source>Today</source>
        <extracomment>Date line in the chat above the first message of today</extracomment>
        <translation>Сегодня</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>Вчера</translation>
    </message>
    <message>
        <source>dddd, d MMMM</source>
        <extracomment>Date line for a day of this year: weekday, day and month as the locale writes them</extracomment>
        <translation>dddd, d MMMM</translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::MessageSearchDialog</name>
    <message>
        <source>Search messages</source>
        <translation>Поиск сообщений</translation>
    </message>
    <message>
        <source>Search your messages</source>
        <translation>Искать в ваших сообщениях</translation>
    </message>
    <message>
        <source>Search text</source>
        <translation>Текст для поиска</translation>
    </message>
    <message>
        <source>Only the conversation with %1</source>
        <translation>Только беседа с %1</translation>
    </message>
    <message>
        <source>Only this conversation</source>
        <translation>Только эта беседа</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>Результаты поиска</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Поиск…</translation>
    </message>
    <message>
        <source>You</source>
        <translation>Вы</translation>
    </message>
    <message>
        <source>User %1</source>
        <translation>Пользователь %1</translation>
    </message>
    <message>
        <source>%1 · %2
%3</source>
        <translation>%1 · %2
%3</translation>
    </message>
    <message>
        <source>No messages found.</source>
        <translation>Сообщения не найдены.</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) found.</source>
        <translation>
            <numerusform>Найдено %n сообщение.</numerusform>
            <numerusform>Найдено %n сообщения.</numerusform>
            <numerusform>Найдено %n сообщений.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::Notifier</name>
    <message>
        <source>New message from %1</source>
        <translation>Новое сообщение от %1</translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::OwnStatusActions</name>
    <message>
        <source>&amp;Automatic</source>
        <translation>&amp;Автоматически</translation>
    </message>
    <message>
        <source>Online, active or last seen, as your activity says.</source>
        <translation>В сети, активен или был(а) в сети — по вашей активности.</translation>
    </message>
    <message>
        <source>&amp;Do not disturb</source>
        <translation>&amp;Не беспокоить</translation>
    </message>
    <message>
        <source>Others see that you do not want to be disturbed; SmartFixer shows no notifications.</source>
        <translation>Другие видят, что вас не следует беспокоить; SmartFixer не показывает уведомления.</translation>
    </message>
    <message>
        <source>&amp;Invisible</source>
        <translation>Н&amp;евидимка</translation>
    </message>
    <message>
        <source>You look offline to everyone else, but can use SmartFixer as usual.</source>
        <translation>Для всех остальных вы не в сети, но можете пользоваться SmartFixer как обычно.</translation>
    </message>
    <message>
        <source>Set a status &amp;message…</source>
        <translation>Задать &amp;сообщение статуса…</translation>
    </message>
    <message>
        <source>&amp;Clear status message</source>
        <translation>&amp;Убрать сообщение статуса</translation>
    </message>
    <message>
        <source>Your status</source>
        <translation>Ваш статус</translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::PinnedCertificatesBox</name>
    <message>
        <source>Trusted server certificates</source>
        <translation>Доверенные сертификаты серверов</translation>
    </message>
    <message>
        <source>Servers whose own certificate you trusted by its fingerprint. Forget one when its host made a new certificate: the next sign-in asks again.</source>
        <translation>Серверы, собственному сертификату которых вы доверились по отпечатку. Забудьте сервер, если его хост создал новый сертификат: при следующем входе вопрос появится снова.</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Сервер</translation>
    </message>
    <message>
        <source>SHA-256 fingerprint</source>
        <translation>Отпечаток SHA-256</translation>
    </message>
    <message>
        <source>No trusted certificates.</source>
        <translation>Нет доверенных сертификатов.</translation>
    </message>
    <message>
        <source>&amp;Forget</source>
        <translation>&amp;Забыть</translation>
    </message>
    <message>
        <source>Forget the selected server&apos;s certificate</source>
        <translation>Забыть сертификат выбранного сервера</translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Адрес сервера</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>&amp;Сервер:</translation>
    </message>
    <message>
        <source> min</source>
        <translation> мин</translation>
    </message>
    <message>
        <source>Idle threshold in minutes</source>
        <translation>Порог бездействия в минутах</translation>
    </message>
    <message>
        <source>After this long without keyboard or mouse input you stop counting as active.</source>
        <translation>После стольких минут без клавиатуры и мыши вы перестаёте считаться активным.</translation>
    </message>
    <message>
        <source>&amp;Idle after:</source>
        <translation>&amp;Бездействие через:</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Язык</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Как в системе</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Язык:</translation>
    </message>
    <message>
        <source>Colour theme</source>
        <translation>Цветовая тема</translation>
    </message>
    <message>
        <source>Desktop default</source>
        <translation>Как в окружении рабочего стола</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Светлая</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Тёмная</translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation>&amp;Тема:</translation>
    </message>
    <message>
        <source>Start &amp;minimised to the tray</source>
        <translation>Запускать &amp;свёрнутым в трей</translation>
    </message>
    <message>
        <source>&amp;Host a server for the local network</source>
        <translation>&amp;Запустить сервер для локальной сети</translation>
    </message>
    <message>
        <source>LAN hosting</source>
        <translation>Сервер в локальной сети</translation>
    </message>
    <message>
        <source>Runs the presence server inside this app, so people on your network can sign in here without any cloud server.</source>
        <translation>Запускает сервер статусов внутри приложения, чтобы люди из вашей сети могли входить сюда без облачного сервера.</translation>
    </message>
    <message>
        <source>Listen address</source>
        <translation>Адрес прослушивания</translation>
    </message>
    <message>
        <source>%1 (all networks)</source>
        <translation>%1 (все сети)</translation>
    </message>
    <message>
        <source>%1 (this computer only)</source>
        <translation>%1 (только этот компьютер)</translation>
    </message>
    <message>
        <source>Listen &amp;on:</source>
        <translation>&amp;Слушать на:</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Порт</translation>
    </message>
    <message>
        <source>P&amp;ort:</source>
        <translation>П&amp;орт:</translation>
    </message>
    <message>
        <source>A new language applies after a restart.</source>
        <translation>Новый язык применится после перезапуска.</translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::PresenceBadge</name>
    <message>
        <source>Online</source>
        <translation>В сети</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Активность</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>Был(а) в сети</translation>
    </message>
    <message>
        <source>Hidden</source>
        <translation>Скрыт</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>Автоматически</translation>
    </message>
    <message>
        <source>Do not disturb</source>
        <translation>Не беспокоить</translation>
    </message>
    <message>
        <source>Invisible</source>
        <translation>Невидимка</translation>
    </message>
    <message>
        <source>%1, do not disturb</source>
        <extracomment>A presence badge read aloud: %1 is the state (&quot;Online&quot;); do not disturb is set</extracomment>
        <translation>%1, не беспокоить</translation>
    </message>
    <message>
        <source>Invisible to others</source>
        <extracomment>A presence badge read aloud: our own badge while we are invisible to others</extracomment>
        <translation>Невидим для других</translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::PresenceBadgeWidget</name>
    <message>
        <source>Presence: %1</source>
        <translation>Статус: %1</translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::PrivacyDialog</name>
    <message>
        <source>Privacy</source>
        <translation>Приватность</translation>
    </message>
    <message>
        <source>Who may see whether you are online and when you were last active?</source>
        <translation>Кто может видеть, в сети ли вы и когда были активны в последний раз?</translation>
    </message>
    <message>
        <source>&amp;Everyone</source>
        <translation>&amp;Все</translation>
    </message>
    <message>
        <source>Every signed-in user of this server sees your status and last activity.</source>
        <translation>Все вошедшие пользователи этого сервера видят ваш статус и последнюю активность.</translation>
    </message>
    <message>
        <source>&amp;My contacts</source>
        <translation>&amp;Мои контакты</translation>
    </message>
    <message>
        <source>Only people on your contact list see your status; everyone else sees &quot;Presence hidden&quot;.</source>
        <translation>Ваш статус видят только люди из вашего списка контактов; остальные видят «Статус скрыт».</translation>
    </message>
    <message>
        <source>&amp;Nobody</source>
        <translation>&amp;Никто</translation>
    </message>
    <message>
        <source>No one sees your status or when you were last active; you still see your own.</source>
        <translation>Никто не видит ваш статус и время последней активности; вы по-прежнему видите свой.</translation>
    </message>
    <message>
        <source>Send &amp;read receipts</source>
        <translation>Отправлять &amp;отметки о прочтении</translation>
    </message>
    <message>
        <source>When off, nobody sees when you read their messages, and you do not see when others read yours.</source>
        <translation>Если выключено, никто не видит, когда вы прочитали их сообщения, а вы не видите, когда другие прочитали ваши.</translation>
    </message>
    <message>
        <source>What do others see when you are not online?</source>
        <translation>Что видят другие, когда вы не в сети?</translation>
    </message>
    <message>
        <source>E&amp;xact time</source>
        <translation>&amp;Точное время</translation>
    </message>
    <message>
        <source>Others see when you were last active, e.g. &quot;Last seen today at 14:30&quot;.</source>
        <translation>Другие видят, когда вы были активны в последний раз, например «Был(а) в сети сегодня в 14:30».</translation>
    </message>
    <message>
        <source>A&amp;pproximate</source>
        <translation>&amp;Приблизительно</translation>
    </message>
    <message>
        <source>Others see only &quot;Last seen recently&quot;, &quot;within a week&quot;, &quot;within a month&quot; or &quot;a long time ago&quot;, never the time.</source>
        <translation>Другие видят только «недавно», «на этой неделе», «в этом месяце» или «давно», но не время.</translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::ProfileDialog</name>
    <message>
        <source>Profile of %1</source>
        <translation>Профиль: %1</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Имя пользователя</translation>
    </message>
    <message>
        <source>Presence</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>The status updates live while this page is open. &quot;Active&quot; means the person used SmartFixer within the last few minutes but is not connected now.</source>
        <translation>Статус обновляется, пока эта страница открыта. «Недавно» означает, что человек пользовался SmartFixer в последние минуты, но сейчас не подключён.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <source>Status message</source>
        <translation>Сообщение статуса</translation>
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
        <translation>Не в сети</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Подключение…</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Подключено</translation>
    </message>
    <message numerus="yes">
        <source>Reconnecting in %n second(s)…</source>
        <translation type="vanished">
            <numerusform>Переподключение через %n секунду…</numerusform>
            <numerusform>Переподключение через %n секунды…</numerusform>
            <numerusform>Переподключение через %n секунд…</numerusform>
        </translation>
    </message>
    <message>
        <source>Signed out: the server refused the sign-in</source>
        <translation>Выход: сервер отклонил вход</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="vanished">%1 (%2)</translation>
    </message>
    <message>
        <source>Status unknown</source>
        <translation>Статус неизвестен</translation>
    </message>
    <message numerus="yes">
        <source>Not connected. Reconnecting in %n s</source>
        <translation>
            <numerusform>Нет связи. Повтор через %n с</numerusform>
            <numerusform>Нет связи. Повтор через %n с</numerusform>
            <numerusform>Нет связи. Повтор через %n с</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not load conversations: %1</source>
        <translation>Не удалось загрузить беседы: %1</translation>
    </message>
    <message>
        <source>User %1</source>
        <translation>Пользователь %1</translation>
    </message>
</context>
<context>
    <name>SmartFixer::Ui::StatusMessageDialog</name>
    <message>
        <source>Status message</source>
        <translation>Сообщение статуса</translation>
    </message>
    <message>
        <source>Your contacts see this under your name.</source>
        <translation>Ваши контакты видят это под вашим именем.</translation>
    </message>
    <message>
        <source>e.g. In a meeting until 3</source>
        <translation>например: На встрече до 15:00</translation>
    </message>
    <message>
        <source>&amp;Message:</source>
        <translation>&amp;Сообщение:</translation>
    </message>
    <message>
        <source>Clear after</source>
        <translation>Убрать через</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>Никогда</translation>
    </message>
    <message>
        <source>30 minutes</source>
        <translation>30 минут</translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation>1 час</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Сегодня</translation>
    </message>
    <message>
        <source>This week</source>
        <translation>На этой неделе</translation>
    </message>
    <message>
        <source>Clear &amp;after:</source>
        <translation>Убрать &amp;через:</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Проблема</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Сохранить</translation>
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation>&amp;Убрать</translation>
    </message>
    <message>
        <source>Remove your status message now</source>
        <translation>Убрать сообщение статуса сейчас</translation>
    </message>
    <message>
        <source>%1/%2</source>
        <translation>%1/%2</translation>
    </message>
    <message numerus="yes">
        <source>%n of 100 characters used</source>
        <translation>
            <numerusform>Использован %n символ из 100</numerusform>
            <numerusform>Использовано %n символа из 100</numerusform>
            <numerusform>Использовано %n символов из 100</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>At most %n characters.</source>
        <translation>
            <numerusform>Не более %n символа.</numerusform>
            <numerusform>Не более %n символов.</numerusform>
            <numerusform>Не более %n символов.</numerusform>
        </translation>
    </message>
    <message>
        <source>Line breaks, tabs and other invisible characters are not allowed.</source>
        <translation>Переводы строк, табуляция и другие невидимые символы не допускаются.</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>SmartFixer Desktop: chat with live presence.</source>
        <translation>SmartFixer Desktop: чат с живым статусом.</translation>
    </message>
    <message>
        <source>Server to connect to, e.g. http://host:8765.</source>
        <translation>Сервер для подключения, например http://host:8765.</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>User name to sign in as.</source>
        <translation>Имя пользователя для входа.</translation>
    </message>
    <message>
        <source>NAME</source>
        <translation>ИМЯ</translation>
    </message>
    <message>
        <source>Host a presence server for the LAN inside the app.</source>
        <translation>Запустить сервер статусов для локальной сети внутри приложения.</translation>
    </message>
    <message>
        <source>Demo mode: embedded server, scripted demo users.</source>
        <translation>Демо-режим: встроенный сервер и демо-пользователи по сценарию.</translation>
    </message>
    <message>
        <source>UI language: en, de, es or ru.</source>
        <translation>Язык интерфейса: en, de, es или ru.</translation>
    </message>
    <message>
        <source>CODE</source>
        <translation>КОД</translation>
    </message>
    <message>
        <source>smartfixer: --server: not a URL: %1</source>
        <translation type="vanished">smartfixer: --server: это не URL: %1</translation>
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
        <translation>Не удалось запустить SmartFixer: %1</translation>
    </message>
    <message>
        <source>With --host: do not announce the server on the LAN.</source>
        <translation>С --host: не объявлять сервер в локальной сети.</translation>
    </message>
</context>
</TS>
