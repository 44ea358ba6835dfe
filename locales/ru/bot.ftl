# Тексты бота на русском. Каждый ключ английского файла должен быть и здесь (tests/unit/test_locales.py).
# Тексты в HTML (подмножество Telegram): символ "<" пишется как &lt;.

## Меню, приветствие и согласие

menu-text = <b>Главное меню</b>
    Пришлите резюме (PDF, DOCX или текст), и я найду подходящие вакансии в бухгалтерии и аудите, или напишите, что ищете, например: <i>audit senior Leeds hybrid 50k</i>.
welcome-text = Здравствуйте! Я подбираю вакансии для бухгалтеров: аудит, налоги, бухучёт, расчёт зарплаты, управленческий и финансовый учёт, финансовое руководство.
privacy-notice = <b>Сначала о вашей конфиденциальности</b>
    Чтобы подбирать вакансии, я читаю резюме и составляю короткий профиль (квалификации, навыки, программы, стаж, уровень, город, ожидания по зарплате). Я храню этот профиль, ваши настройки, сохранённые вакансии и запросы; сам файл резюме и его текст я не храню. /export покажет всё, что у меня есть, /delete_me всё удалит.
    Вы согласны?
btn-agree = ✅ Согласен
btn-not-now = Не сейчас
consent-declined = Хорошо: резюме я не читаю, пока вы не согласитесь. А пока можно:
    • написать, что вы ищете, например <i>payroll manager remote</i>, и я найду вакансии;
    • открывать вакансии и ⭐ сохранять их;
    • задать ⚙️ Настройки, в том числе уведомления о новых вакансиях по последнему запросу.
    Согласие нужно только для чтения резюме: нажмите 📄 Загрузить резюме, когда будете готовы, и я спрошу снова.
btn-upload-cv = 📄 Загрузить резюме
btn-search = 🔎 Искать вакансии
btn-saved = ⭐ Сохранённые
btn-preferences = ⚙️ Настройки
btn-back = ⬅️ Назад
btn-menu = 🏠 Меню
help-text = <b>Как я работаю</b>
    • Пришлите резюме файлом PDF, DOCX, ODT, RTF или текстом: я составлю профиль и покажу подходящие вакансии с объяснением, почему они подходят.
    • Напишите запрос, например <i>payroll manager remote</i> или <i>part qualified ACCA Leeds</i>; кнопки фильтров помогут сузить поиск.
    • ⚙️ Настройки применяются ко всем поискам; ⭐ сохранённые вакансии остаются с вами.
    • Откликнулись? Нажмите ✅ Я откликнулся(-ась) в карточке вакансии: /applications покажет отклики по этапам (собеседование, оффер, отказ, нет ответа) и напомнит связаться с работодателем.
    Команды: /menu, /profile (что прочитано из резюме, исправления), /applications, /language, /export (все ваши данные в JSON), /delete_me (удалить всё), /cancel.
unknown-command = Я не знаю такой команды. /help покажет, что я умею.
unsupported-message = Я читаю резюме (файл PDF, DOCX, ODT или RTF или вставленный текст) и ищу вакансии по тому, что вы напишете. /help расскажет больше.
throttled = ⏳ Вы пишете быстрее, чем я успеваю читать, поэтому следующие сообщения я несколько секунд пропущу. Подождите немного и отправьте ещё раз.
export-caption = Всё, что я о вас храню.
session-expired = Этот диалог устарел. Вот главное меню.
button-expired = Эта кнопка больше не действует.
error-unexpected = Извините, у меня что-то пошло не так. Ничего из присланного не потеряно, попробуйте ещё раз.
error-domain = Извините, не получилось. Попробуйте ещё раз.
error-development_only = Это доступно только в режиме разработки.
error-embedding_unavailable = Поиск временно недоступен. Попробуйте через минуту.
error-index_busy = Список вакансий обновляется. Попробуйте через минуту.
error-job_gone = Эта вакансия снята с публикации.

## Команды (меню команд Telegram)

command-start = Начать или показать главное меню
command-help = Что я умею
command-menu = Главное меню
command-language = Сменить язык
command-export = Все мои данные файлом
command-delete-me = Удалить всё, что вы обо мне храните
command-cancel = Прервать и вернуться в меню
command-applications = Мои отклики: этапы и напоминания
command-profile = Мой профиль из резюме: что прочитано, исправления

## Резюме

cv-upload-text = Пришлите резюме <b>файлом PDF, DOCX, ODT или RTF</b> (до { NUMBER($limit_mb, maximumFractionDigits: 1) } МБ) или вставьте его текст сюда.
cv-send-file-or-text = Пришлите резюме файлом или вставьте его текст.
cv-progress-reading = ⏳ Читаю резюме…
cv-progress-profile = ⏳ Составляю профиль…
cv-progress-matching = ⏳ Ищу подходящие вакансии…
cv-progress-done = ✅ Готово: { $count ->
        [0] подходящих вакансий пока нет.
        [one] { $count } подходящая вакансия.
        [few] { $count } подходящие вакансии.
       *[other] { $count } подходящих вакансий.
    }
cv-progress-done-few = ✅ Готово: немногие вакансии хорошо подходят к этому резюме. { $count ->
        [0] Показать пока нечего.
        [one] Ниже { $count } самая близкая.
        [few] Ниже { $count } самые близкие.
       *[other] Ниже { $count } самых близких.
    }
cv-rejected-empty = Файл пустой. Пришлите резюме ещё раз.
cv-rejected-too_large = Файл слишком большой ({ NUMBER($size_mb, maximumFractionDigits: 1) } МБ). Пришлите резюме меньше { NUMBER($limit_mb, maximumFractionDigits: 1) } МБ.
cv-rejected-unsupported_doc = Старые файлы Word (.doc) прочитать нельзя. Сохраните резюме в PDF или DOCX и пришлите снова.
cv-rejected-unsupported_image = Похоже, это фотография или картинка. Пришлите резюме в PDF, DOCX или текстом.
cv-rejected-unsupported_format = Такой тип файла я не читаю. Пришлите резюме в PDF, DOCX, ODT, RTF или простым текстом.
cv-rejected-encrypted = Файл защищён паролем. Пришлите копию без пароля.
cv-rejected-corrupt = Файл, похоже, повреждён и не открывается. Экспортируйте его заново и пришлите ещё раз.
cv-rejected-unsafe = В файле есть содержимое, которое нельзя безопасно прочитать. Экспортируйте его заново в PDF или DOCX.
cv-rejected-too_many_pages = В резюме { $pages } стр.; я читаю не больше { $limit }. Пришлите версию покороче.
cv-rejected-too_long = Резюме слишком длинное (больше { $limit } символов). Пришлите версию покороче.
cv-rejected-scanned = Этот PDF — отсканированная картинка без текста. Пришлите PDF с выделяемым текстом, DOCX или вставьте резюме сообщением.
cv-rejected-no_text = В файле не нашлось читаемого текста. Пришлите резюме в PDF, DOCX или текстом.
cv-rejected-too_complex = Файл читался слишком долго или занял слишком много памяти. Экспортируйте его заново как простой PDF или DOCX.
cv-rejected-busy = Сейчас читается много резюме. Пришлите ваше ещё раз через минуту.
cv-rejected-too_many_today = Сегодня вы прислали { $limit } резюме — это дневной предел. Пришлите его снова завтра.
cv-rejected-not_understood = Не удалось прочитать это резюме в профиль, и ничего из него не сохранено. Попробуйте ещё раз или пришлите его в другом формате (PDF, DOCX или текст).
cv-rejected-not_a_cv = Это не похоже на резюме: в нём нет ни должностей, ни дат, ни опыта работы. Ваш профиль не изменился. Пришлите резюме в формате PDF, DOCX или текстом.
cv-progress-compare = ✅ Прочитано. У вас уже есть профиль: сравните их ниже и выберите.
cv-compare-intro = Новое резюме никогда не заменяет профиль без вашего согласия. Оставьте текущий или замените его (отменить можно в течение суток).
cv-compare-new = <b>Новое резюме</b>
cv-compare-current = <b>Ваш текущий профиль</b>
cv-compare-gone = Выбор уже сделан или истёк через сутки. Пришлите резюме ещё раз, если хотите его использовать.
cv-undone = Ваш прежний профиль восстановлен.
cv-undo-gone = Нет заменённого профиля, который можно вернуть (он хранится сутки).
cv-pasted-ask = Похоже, это может быть резюме. Прочитать его как ваше резюме?
btn-cv-replace = ✅ Взять новое резюме
btn-cv-keep = Оставить текущий
btn-undo-replace = ↩️ Отменить: вернуть прежний профиль
btn-pasted-read = 📄 Да, это моё резюме
btn-pasted-search = 🔎 Нет, искать вакансии
profile-title = <b>Ваш профиль</b>
profile-role = Должность: { $role } ({ $family })
profile-level = Уровень: { $level }, стаж { NUMBER($years, maximumFractionDigits: 1) } { NUMBER($years, maximumFractionDigits: 1) ->
        [one] год
        [few] года
        [many] лет
       *[other] года
    }
profile-qualifications = Квалификации: { $items }
profile-location = Город: { $place }
profile-skills = Навыки: { $items }
profile-software = Программы: { $items }
profile-not-accounting = В этом резюме мало опыта в бухгалтерии, поэтому подходящих вакансий будет немного.
profile-near-field-hr = Сначала показаны вакансии, наиболее близкие к вашему опыту в HR: расчёт зарплаты и пенсионное администрирование.
profile-near-field-it = Сначала показаны вакансии, наиболее близкие к вашему опыту в IT: финансовые системы и технологии.
profile-near-field-sales = Сначала показаны вакансии, наиболее близкие к вашему опыту в продажах: продажа ипотеки и финансовых продуктов.
profile-missing = Вашего резюме у меня пока нет. Пришлите его файлом или текстом.
results-keywords-only = ℹ️ Поиск по смыслу ненадолго недоступен: эти результаты совпадают только по словам. Попробуйте через минуту, чтобы увидеть полный список.
few-fit = ⚠️ Немногие из этих вакансий хорошо подходят к вашему резюме.
qual-qualified = получена
qual-finalist = финальный этап
qual-part_qualified = частично
qual-studying = в процессе обучения
btn-show-matches = 📋 Показать { $count ->
        [one] { $count } вакансию
        [few] { $count } вакансии
       *[other] { $count } вакансий
    }
btn-fix-level = ✏️ Уровень
btn-fix-family = ✏️ Роль
btn-fix-location = ✏️ Город
cv-fix-level = Какой у вас уровень?
cv-fix-family = Какая роль вам ближе всего?
cv-fix-location = Где вы хотите работать? Напишите город или регион.
cv-fix-title = Какую должность показывать в профиле? Напишите её, например <i>Audit Senior</i>.
cv-fix-years = Сколько лет у вас опыта? Напишите число, например <i>4</i>.
cv-fix-years-invalid = Напишите число лет от 0 до 60, например <i>4</i>.
cv-fix-salary = Какую зарплату вы хотите (в год)? Напишите, например <i>45k</i> или <i>£45,000</i>.
cv-fix-salary-invalid = Напишите годовую зарплату, например <i>45k</i> или <i>£45,000</i>.
btn-fix-title = ✏️ Должность
btn-fix-years = ✏️ Стаж
btn-fix-salary = ✏️ Зарплата
btn-fix-sectors = 🏢 Сферы работы
btn-my-profile = 📄 Мой профиль (что прочитано)
cv-fix-sectors = <b>В каких сферах вы работали?</b> Нажмите, чтобы добавить или убрать. Карточка вакансии скажет, если нужен опыт в одной из них.
btn-done = ✅ Готово
profile-sectors = Сферы: { $items }
btn-no-salary-wish = Без пожеланий к зарплате
profile-role-only = Роль: { $family }
profile-newly-qualified = недавно квалифицирован(а)
profile-work-hybrid = гибрид
profile-work-remote = удалённо
profile-salary = Желаемая зарплата: { $amount } в год

## Поиск

search-prompt = Что вы ищете? Например: <i>аудитор Лидс гибрид 50к</i>, <i>главный бухгалтер Ереван</i> или <i>ACCA частично квалифицированный</i>. Можно писать и по-английски.
search-type-query = Напишите несколько слов о нужной вакансии.
results-for = Вакансии по запросу «{ $query }»
results-for-cv = Вакансии под ваше резюме
results-filters = Фильтры: { $filters }
results-wanted = В первую очередь: { $wanted }
results-relaxed = Показано без: { $dropped }
results-count = { $count ->
        [one] { $count } вакансия
        [few] { $count } вакансии
       *[other] { $count } вакансий
    }, страница { $page } из { $pages }
results-none = Ничего не нашлось. Попробуйте другие слова.
results-none-relax = С этими фильтрами ничего не нашлось. Можно убрать один:
results-understood = 🔎 Показаны результаты для «{ $text }»
results-off-topic = Я не нашёл в этом сообщении, какую работу искать. Здесь вакансии для бухгалтеров и финансистов в Великобритании и Армении: напишите должность и, если хотите, город, например «главный бухгалтер Ереван», «аудитор Лидс» или «ACCA частично квалифицированный», или пришлите резюме, и я подберу вакансии.
results-outside = 📍 В этом месте ({ $places }) вакансий на доске нет: здесь вакансии в Великобритании и Армении. Ниже самые близкие из других мест, у каждой указано, где она.
results-not-here = 📍 Сейчас нет подходящих вакансий в этом месте ({ $places }). Ниже самые близкие из других мест, у каждой указано, где она.
few-fit-query = ⚠️ Ни одна из этих вакансий не подходит к запросу хорошо: это самые близкие из тех, что есть. Попробуйте другие слова, уберите фильтр или пришлите резюме.
relax-posted = ➖ дату публикации
relax-employment = ➖ тип занятости
relax-ranking = ➖ рейтинг фирмы
relax-salary = ➖ минимальную зарплату
relax-seniority = ➖ уровень
relax-services = ➖ направление
relax-remote = ➖ удалёнку или гибрид
relax-location = ➖ город
btn-prev = ◀️ Назад
btn-next = Дальше ▶️
btn-new-search = 🔎 Новый поиск
filter-choose = Выберите:
filter-place-prompt = Напишите город или регион (несколько — через запятую) или выберите «где угодно».
place-not-found = Не знаю такого места. Попробуйте город или регион Великобритании, например Leeds или North West.
filter-place = 📍 Город
filter-remote = 🏠 Удалёнка
filter-salary = 💷 Зарплата
filter-seniority = 📈 Уровень
filter-service = 🧾 Направление
filter-employment = 📝 Занятость
filter-study = 🎓 Обучение
study-yes = с оплатой обучения
relax-study = ➖ оплата обучения
filter-alerts = 🔔 Уведомления
filter-language = 🌐 Язык
filter-posted = опубликовано за последние { $days } дн.
filter-excluded-firms = { $count ->
        [one] исключена { $count } фирма
        [few] исключены { $count } фирмы
       *[other] исключено { $count } фирм
    }
value-any = Любой
value-anywhere = 🌍 Где угодно
remote-hybrid = гибрид или удалёнка
remote-remote = только удалёнка
remote-hybrid_only = только гибрид
salary-at-least = от { $amount }
salary-not-stated = не указана

## Карточка вакансии

firm-ranking = №{ $rank } в рейтинге
card-location = 📍 { $place } · { $mode }
card-mode = 📍 { $mode }
card-salary = 💷 { $salary }
card-level = 📈 { $level }
card-service = 🧾 { $service }
card-requirements = 🎓 Требуется: { $items }
card-software = 💻 Программы: { $items }
card-employment = 📝 { $items }
card-posted = 🗓 Опубликовано { $date }
card-why = <b>Почему подходит:</b> { $reasons }
card-to-check = <b>Проверьте:</b> { $items }
results-to-check = проверьте: { $items }
work-mode-onsite = в офисе
work-mode-hybrid = гибрид
work-mode-remote = удалённо
job-closed = Эта вакансия закрыта: её сняли с публикации.
job-not-found = Не нахожу эту вакансию: возможно, её сняли с публикации или ссылка неточная. Напишите, что вы ищете, чтобы увидеть открытые вакансии.
job-saved = Сохранено ⭐
job-unsaved = Убрано из сохранённых
job-dismissed = Понял: больше не покажу эту вакансию.
btn-apply = ✉️ Откликнуться
btn-save = ⭐ Сохранить
btn-unsave = ✖️ Убрать из сохранённых
btn-not-interested = 🚫 Не интересно
btn-share = 🔗 Поделиться
dismiss-why = Почему? Это поможет подбирать точнее.
dismiss-too_senior = Слишком высокий уровень
dismiss-too_junior = Слишком низкий уровень
dismiss-wrong_place = Не тот город
dismiss-wrong_field = Не та область
dismiss-salary = Зарплата

## Сохранённые вакансии

saved-empty = Сохранённых вакансий пока нет. Нажмите ⭐ Сохранить в карточке вакансии.
saved-title = <b>Сохранённые вакансии</b>: { $count }, страница { $page } из { $pages }
saved-closed = закрыта

## Отклики (трекер откликов)

btn-applications = 📋 Мои отклики
btn-i-applied = ✅ Я откликнулся(-ась)
btn-stage = 📌 Этап
btn-reminder = 🔔 Напоминание
btn-mark-no-reply = 🔕 Отметить: нет ответа
btn-withdraw = 🗑 Я не откликался(-ась): убрать
card-applied = ✅ Отклик { $date } · { $stage }
card-reminder = 🔔 Напомню связаться { $date }
card-no-reply = ⏳ Нет новостей { $days } { $days ->
        [one] день
        [few] дня
       *[other] дней
    } и больше: ответа не будет? Если так, отметьте ниже.
job-applied = Отклик отмечен ✅
apply-when = <b>Когда вы откликнулись?</b> Выберите день или напишите дату (например, 28.11.2026).
apply-days-ago = { $days ->
        [0] Сегодня
        [1] Вчера
        [2] Позавчера
        [7] Неделю назад
        [14] Две недели назад
       *[other] { $days } дн. назад
    }
apply-date-invalid = Не получилось принять эту дату. Напишите её так: 28.11.2026 (не в будущем и не раньше чем год назад) или выберите день.
stage-prompt = <b>На каком этапе этот отклик?</b>
stage-applied = 📨 Отклик отправлен
stage-interview = 🗣 Собеседование
stage-offer = 🎉 Оффер
stage-rejected = ✖️ Отказ
stage-no_reply = 🔕 Нет ответа
stage-set = Этап: { $stage }
application-removed = Убрано из ваших откликов
remind-when = <b>Когда напомнить связаться с работодателем?</b> Напоминание придёт в 09:00 по вашему времени.
remind-in = { $days ->
        [7] Через неделю
        [14] Через две недели
       *[other] Через { $days } дн.
    }
remind-none = Без напоминания
reminder-set = Напомню { $date } 🔔
reminder-removed = Напоминание снято
reminder-title = 🔔 { $count ->
        [1] Пора напомнить о себе по отклику:
        [one] Пора напомнить о себе по { $count } отклику:
       *[other] Пора напомнить о себе по { $count } откликам:
    }
reminder-item = • <b>{ $title }</b> — { $firm }: отклик { $date } ({ $days ->
        [0] сегодня
        [one] { $days } день назад
        [few] { $days } дня назад
       *[other] { $days } дней назад
    }), { $stage }
reminder-no-reply = Нет новостей три недели: ответа не будет? Откройте, чтобы отметить.
reminder-hint = Откройте отклик, чтобы сменить этап или поставить новое напоминание.
applications-empty = Откликов пока нет. Нажмите ✅ Я откликнулся(-ась) в карточке вакансии, и я буду вести его здесь: этап и напоминание связаться.
applications-title = <b>Мои отклики</b>: { $count }, страница { $page } из { $pages }
applications-applied-on = отклик { $date } ({ $days ->
        [0] сегодня
        [one] { $days } день назад
        [few] { $days } дня назад
       *[other] { $days } дней назад
    })
applications-reminder = напоминание { $date }
applications-no-reply = нет новостей три недели: ответа не будет?
results-applied = ✅ отклик отправлен
stats-applications = 📋 Отклики: { $total } от { $users } польз. (собеседования { $interview }, офферы { $offer }, отказы { $rejected }, без ответа { $no_reply }) · 🔔 напоминаний впереди: { $reminders }
error-application_not_found = У вас нет (больше нет) отклика на эту вакансию.
error-apply_date = Не получилось принять эту дату: она не может быть в будущем или раньше чем год назад.

## Настройки

prefs-title = <b>Ваши настройки</b> (применяются ко всем поискам)
prefs-filters = Фильтры: { $filters }
prefs-no-filters = нет
prefs-alerts = Уведомления о новых вакансиях: { $value }
prefs-language = Язык: { $value }
prefs-firms = Исключённые фирмы: { $firms }
btn-excluded-firms = 🚫 Исключённые фирмы
btn-clear-firms = Очистить список
firms-prompt = Напишите название фирмы, вакансии которой вы не хотите видеть.
firm-not-found = Не знаю фирмы с таким названием.
firm-ambiguous = Подходят несколько фирм: { $firms }. Напишите полное название.
firm-excluded = { $firm } исключена из ваших поисков.
alerts-off = выключены
alerts-instant = сразу при появлении
alerts-daily = раз в день
alerts-weekly = раз в неделю
language-en = English
language-ru = Русский

## Конфиденциальность

delete-confirm = <b>Удалить всё?</b> Ваш профиль, настройки, сохранённые вакансии, запросы и состояние диалога будут удалены навсегда.
btn-delete-yes = 🗑 Да, удалить всё
btn-delete-no = Нет, оставить
deleted-done = Готово: всё, что я о вас хранил, удалено. Отправьте /start, если захотите начать заново.

## Уровни, направления и роли

level-unknown = не указан
level-trainee = стажёр
level-junior = младший специалист
level-semi_senior = специалист
level-senior = старший специалист
level-supervisor = супервайзер
level-manager = менеджер
level-senior_manager = старший менеджер
level-director = директор
level-partner = партнёр
service-internal_audit = внутренний аудит
service-forensic = форензик
service-restructuring = реструктуризация
service-corporate_finance = корпоративные финансы
service-audit = аудит
service-tax = налоги
service-payroll = расчёт зарплаты
service-outsourcing = аутсорсинг
service-advisory = консалтинг
service-accounts = бухгалтерский учёт
family-audit = аудит
family-tax = налоги
family-accounts = бухгалтерский учёт
family-management_accounting = управленческий учёт
family-financial_accounting = финансовый учёт
family-payroll = расчёт зарплаты
family-ap_ar_bookkeeping = учёт расчётов с поставщиками и покупателями
family-finance_management = финансовое руководство
family-fpa_analysis = FP&A и анализ
family-treasury = казначейство
family-banking_operations = банковские операции
family-other = другое
employment-permanent = постоянная
employment-contract = контракт
employment-temporary = временная
employment-full_time = полный день
employment-part_time = неполный день

## Навыки, которые называет чтение резюме (services/jobs/taxonomy.py SKILLS; программы — как есть); простой текст, экранируется при показе
skill-external-audit = внешний аудит
skill-internal-audit = внутренний аудит
skill-audit = аудит
skill-statutory-accounts = годовая отчётность
skill-management-accounts = управленческая отчётность
skill-financial-reporting = финансовая отчётность
skill-year-end = закрытие года
skill-month-end-close = закрытие месяца
skill-consolidation = консолидация
skill-ifrs = МСФО
skill-uk-gaap = UK GAAP
skill-us-gaap = US GAAP
skill-sox = SOX
skill-vat = НДС
skill-corporation-tax = налог на прибыль
skill-personal-tax = налоги физических лиц
skill-tax-returns = налоговые декларации
skill-payroll = расчёт зарплаты
skill-accounts-payable = расчёты с поставщиками
skill-accounts-receivable = расчёты с покупателями
skill-credit-control = работа с дебиторской задолженностью
skill-reconciliations = сверки
skill-general-ledger = главная книга
skill-bookkeeping = ведение бухучёта
skill-budgeting = бюджетирование
skill-forecasting = прогнозирование
skill-fp-a = финансовое планирование и анализ
skill-variance-analysis = анализ отклонений
skill-financial-modelling = финансовое моделирование
skill-treasury = казначейство
skill-costing = калькуляция себестоимости
skill-business-partnering = бизнес-партнёрство
skill-fixed-assets = основные средства
skill-accruals-and-prepayments = начисления и расходы будущих периодов
skill-cash-handling = работа с наличными
skill-lending = кредитование
skill-risk-management = управление рисками
skill-grants-and-public-funds = гранты и бюджетные средства
skill-forensic-accounting = форензик
skill-insolvency = банкротство

## Причины рядом с каждой вакансией

reason-level-fits = уровень ✓
reason-level-match = { $level } ✓
reason-more-senior = уровень выше вашего
reason-more-junior = уровень ниже вашего
reason-level = { $level }
reason-quals-held = { $codes } ✓
reason-asks-for = требуется { $codes }
reason-family-match = { $family } ✓
reason-near-field = близко к вашему опыту в сфере { $field }
field-hr = HR
field-it = IT
field-sales = продаж
reason-software-match = { $names } ✓
reason-service-match = { $service } ✓
reason-place-match = { $places } ✓
reason-remote = удалённо
reason-hybrid = гибрид
reason-salary-unstated = зарплата не указана
reason-salary-match = { $salary } ✓
reason-salary-below = платят { $salary }
reason-posted-before = опубликовано более { $days } дн. назад
reason-elsewhere = { $places }, а не { $wanted }

## Admins
btn-cancel = ✖️ Отмена
yes = да
no = нет
command-stats = Цифры: пользователи, резюме, поиски, вакансии, задачи
command-broadcast = Отправить сообщение многим пользователям
command-user = Найти пользователя: /user <id или @username>
error-broadcast_invalid = Telegram не примет это сообщение: { $problem }. Пришлите его ещё раз.
stats-title = <b>📊 Статистика</b>
stats-users = 👥 Пользователи: { $total } (новых за 24 ч: { $new }, активных за 7 дней: { $active }, с резюме: { $cv }, заблокировали бота: { $blocked }, забанены: { $banned })
stats-activity = 📄 Обработано резюме: { $cvs } (за 24 ч: { $cvs_day }) · 🔎 поисков сегодня: { $today }, за 7 дней: { $week } · ⭐ сохранено вакансий: { $saved } · 🔔 отправлено оповещений: { $alerts }
stats-jobs = 💼 Вакансий на сайте: { $board }, в индексе: { $indexed }, ждут индексации: { $waiting }
stats-errors = ⚠️ Ошибок за 24 ч: { $errors }
stats-tasks = ⏱ Задачи по расписанию, последние запуски:
stats-no-tasks = ⏱ Задачи по расписанию ещё не запускались.
stats-broadcast = 📣 Рассылка #{ $id }: { $status }, отправлено { $sent } из { $total }, заблокировали { $blocked }, ошибок { $failed }, осталось { $left }
user-usage = Отправьте /user и Telegram id или @username.
user-not-found = Пользователь { $query } не найден.
user-card = <b>Пользователь { $id }</b> { $username } ({ $name })
    Язык: { $language } · с нами с { $created } · был активен { $active }
    Согласие: { $consent } · профиль резюме: { $cv } · оповещения: { $alerts }
    Поисков: { $searches } · сохранено вакансий: { $saved }
    Забанен: { $banned } · заблокировал бота: { $blocked }
user-ban = 🚫 Забанить
user-unban = ✅ Разбанить
user-banned = Забанен: бот его больше не слушает.
user-unbanned = Разбанен.
broadcast-compose = 📣 <b>Новая рассылка</b>
    Пришлите сообщение: текст (HTML: &lt;b&gt;, &lt;i&gt;, &lt;a href="..."&gt;) или фото с подписью.
broadcast-problem = ⚠️ { $problem }
broadcast-audience = Кому отправить?
broadcast-to-all = Всем активным ({ $all })
broadcast-to-with_cv = Тем, у кого есть резюме ({ $with_cv })
broadcast-to-language = По языку…
broadcast-language = Какой язык?
broadcast-audience-all = все активные
broadcast-audience-with_cv = пользователи с резюме
broadcast-audience-language = читающие на языке { $language }
broadcast-preview = ⬆️ Так сообщение будет выглядеть. Его получат { $count } ({ $audience }). Отправить?
broadcast-confirm = 📣 Отправить
broadcast-cancel = ⏹ Остановить рассылку
broadcast-cancelling = Останавливаю: новые копии не уходят.
broadcast-already-finished = Эта рассылка уже закончилась.
broadcast-progress = 📣 Рассылка #{ $id }: идёт отправка…
    Отправлено { $sent } из { $total } · ошибок { $failed } · заблокировали { $blocked } · осталось { $left } · ещё примерно { $eta } с
broadcast-finished-done = 📣 Рассылка #{ $id } завершена: отправлено { $sent } из { $total }, ошибок { $failed }, заблокировали бота { $blocked }.
broadcast-finished-cancelled = 📣 Рассылка #{ $id } остановлена: отправлено { $sent } из { $total }, ошибок { $failed }, заблокировали бота { $blocked }, не отправлено { $left }.

## Job alerts
prefs-timezone = 🕘 Часовой пояс для подборок (09:00): { $value }
filter-timezone = 🕘 Часовой пояс
alert-title-instant = 🔔 { $count ->
        [one] Новая подходящая вакансия:
        [few] { $count } новые подходящие вакансии:
       *[other] { $count } новых подходящих вакансий:
    }
alert-title-daily = 🔔 Подборка дня: { $count ->
        [one] { $count } новая подходящая вакансия
        [few] { $count } новые подходящие вакансии
       *[other] { $count } новых подходящих вакансий
    }
alert-title-weekly = 🔔 Подборка недели: { $count ->
        [one] { $count } новая подходящая вакансия
        [few] { $count } новые подходящие вакансии
       *[other] { $count } новых подходящих вакансий
    }
alert-title-firm = ⭐ Новое в { $firms }: { $count ->
        [one] { $count } вакансия
        [few] { $count } вакансии
       *[other] { $count } вакансий
    }
alert-firm-off = 🔕 Не сообщать: { $firm }
alert-all = 📋 Все вакансии ({ $count })
alert-all-title = Все вакансии этого оповещения ({ $count }):
alert-pause = ⏸ Приостановить оповещения
alert-gone = Этих вакансий уже нет на сайте.
alerts-paused = Оповещения приостановлены; включить снова можно в ⚙️ Настройках. Отдельные оповещения любимых компаний остаются.

## Чему пользователь научил подбор, и чего в резюме не хватает для вакансии
step-0 = стажёр
step-1 = ассистент
step-2 = младший специалист
step-3 = бухгалтер
step-4 = старший специалист
step-5 = менеджер
step-6 = руководитель финансов
step-7 = директор
step-8 = финансовый директор
lesson-fewer_senior = Теперь меньше должностей выше уровня «{ $level }».
lesson-fewer_junior = Теперь меньше должностей ниже уровня «{ $level }».
lesson-fewer_places = Теперь меньше вакансий в { $place }.
lesson-fewer_families = Теперь меньше вакансий в области «{ $family }».
lesson-salary_floor = Теперь меньше вакансий с оплатой ниже £{ $floor }.
lesson-undo = (Отменить: ⚙️ Настройки → 🧠 Чему я научился.)
taught-item-fewer_senior = меньше должностей выше уровня «{ $level }»
taught-item-fewer_junior = меньше должностей ниже уровня «{ $level }»
taught-item-fewer_places = меньше вакансий в { $place }
taught-item-fewer_families = меньше вакансий «{ $family }»
taught-item-salary_floor = меньше вакансий ниже £{ $floor }
prefs-taught = 🧠 Учтено из «не интересно»: { $items }
prefs-favourites = ⭐ Любимые компании: { $firms }
btn-taught = 🧠 Чему я научился
btn-favourites = ⭐ Любимые компании
taught-title = <b>Чему я научился из ваших «не интересно»</b>
    Это поднимает или опускает вакансии в подборе и уведомлениях, но ничего не скрывает. Нажмите, чтобы забыть.
taught-none = Пока ничего. Когда вы отмечаете вакансию «не интересно», указанная причина меняет дальнейший подбор.
taught-forgotten = Забыто.
favourites-title = <b>Любимые компании</b>
    Их вакансии идут первыми в подборе, а новые всегда приходят в уведомлениях.
    🔔 Отдельное оповещение компании сообщает о её новых вакансиях сразу, даже когда ваши оповещения выключены: нажмите 🔕 рядом с ней.
    Напишите название компании, чтобы добавить её; ✖ убирает её.
favourites-none = Любимых компаний пока нет.
favourite-added = ⭐ { $firm } в любимых: её вакансии идут первыми и всегда приходят в уведомлениях. Отдельное оповещение: ⚙️ Настройки → ⭐ Любимые компании.
favourite-removed = { $firm } больше не в любимых.
btn-firm-alert-off = 🔕 Оповещение выкл.
btn-firm-alert-on = 🔔 Оповещение вкл.
firm-alert-on = 🔔 Сообщу о новых вакансиях { $firm } сразу, как они появятся, даже когда ваши оповещения выключены.
firm-alert-off = 🔕 Отдельных оповещений о { $firm } больше не будет (компания остаётся в любимых).
btn-favourite = ⭐ Любимая компания
btn-unfavourite = ☆ Убрать из любимых
reason-favourite-firm = ⭐ любимая компания
reason-gap-qual = требуется квалификация { $codes }, которой нет в резюме
reason-gap-qual-studying = требуется квалификация { $codes }; по резюме вы её ещё получаете
reason-gap-level = на { $steps } { $steps ->
        [one] ступень
        [few] ступени
       *[other] ступеней
    } выше вашего уровня
reason-gap-years = на { $steps } { $steps ->
        [one] ступень
        [few] ступени
       *[other] ступеней
    } выше вашего уровня: обычно просят около { $wanted } { $wanted ->
        [one] года
       *[other] лет
    } опыта, в резюме { $years } { $years ->
        [one] год
        [few] года
       *[other] лет
    }
reason-gap-field = вакансия в области «{ $family }», не вашей
reason-gap-software = упоминает { $names }, которых нет в вашем профиле
reason-suggest-part-qualified = Ищите и вакансии для частично квалифицированных { $codes }: запрос «part qualified { $codes }».
reason-suggest-qualification = Перед откликом спросите работодателя, рассматривают ли кандидатов без полной квалификации или с опытом вместо неё.
reason-suggest-level = Вам больше подходит должность на уровень ниже; если откликаетесь, покажите в письме масштаб своей работы.
reason-suggest-field = Если у вас есть опыт в области «{ $family }», добавьте его в резюме: тогда такие вакансии будут подбираться.
reason-suggest-software = Если вы работаете с этими программами, укажите их в резюме: тогда это учтётся в подборе.
card-missing = ❗ Чего может не хватать: { $items }
card-suggestion = 💡 { $text }
reason-part-qualified-ok = рассматривают без полной квалификации ✓
reason-study-support = оплачивают обучение ✓
reason-qbe-ok = опыт вместо квалификации ✓
reason-asks-qualified = нужен квалифицированный бухгалтер
reason-gap-qualified = нужен квалифицированный бухгалтер, а в резюме квалификации нет
reason-suggest-qualified = Перед откликом спросите, рассматривают ли кандидатов без полной квалификации или с опытом вместо неё; или ищите «part qualified».
status-qualified = нужна квалификация
status-part_qualified = рассматривают без полной квалификации
status-qbe = опыт вместо квалификации
status-study_support = оплата обучения
status-training_contract = программа обучения
card-status = 🎓 { $items }
sector-health = NHS / здравоохранение
sector-public = госсектор
sector-charity = благотворительность
sector-financial_services = финансовые услуги
sector-practice = бухгалтерская или аудиторская практика
sector-education = образование
sector-housing = жилищный сектор
reason-sector-match = опыт: { $sectors } ✓
reason-asks-sector = нужен опыт: { $sectors }
reason-gap-sector = нужен опыт: { $sectors }, а в резюме его не видно
reason-suggest-sector = Если вы работали в этой сфере ({ $sectors }), отметьте её в профиле (/profile → 🏢 Сферы работы): карточки вакансий будут считать это требование выполненным.
card-sectors = 🏢 Опыт в сфере: { $items }
asked-required = { $item } (обязательно)
asked-desirable = { $item } (желательно)
reason-language-match = { $languages } ✓
reason-asks-language = { $count ->
    [one] нужен язык: { $languages }
   *[other] нужны языки: { $languages }
}
reason-gap-language = { $count ->
    [one] нужен язык: { $languages } — в резюме его не видно
   *[other] нужны языки: { $languages } — в резюме их не видно
}
reason-suggest-language = { $count ->
    [one] Если вы владеете этим языком ({ $languages }), укажите его в резюме по-английски (строкой вроде «Languages: { $names }, fluent») и пришлите резюме снова: карточки вакансий будут считать это требование выполненным.
   *[other] Если вы владеете этими языками ({ $languages }), укажите их в резюме по-английски (строкой вроде «Languages: { $names }, fluent») и пришлите резюме снова: карточки вакансий будут считать это требование выполненным.
}
card-languages = 🗣 Языки: { $items }
tongue-english = английский
tongue-french = французский
tongue-german = немецкий
tongue-spanish = испанский
tongue-italian = итальянский
tongue-portuguese = португальский
tongue-polish = польский
tongue-romanian = румынский
tongue-russian = русский
tongue-ukrainian = украинский
tongue-arabic = арабский
tongue-urdu = урду
tongue-hindi = хинди
tongue-punjabi = панджаби
tongue-bengali = бенгальский
tongue-gujarati = гуджарати
tongue-tamil = тамильский
tongue-mandarin = китайский (путунхуа)
tongue-cantonese = кантонский
tongue-chinese = китайский
tongue-japanese = японский
tongue-korean = корейский
tongue-turkish = турецкий
tongue-greek = греческий
tongue-dutch = нидерландский
tongue-swedish = шведский
tongue-armenian = армянский
tongue-welsh = валлийский
tongue-tagalog = тагальский
tongue-vietnamese = вьетнамский
tongue-farsi = фарси
tongue-persian = персидский
tongue-hebrew = иврит
tongue-swahili = суахили
tongue-yoruba = йоруба
tongue-somali = сомалийский
tongue-lithuanian = литовский
tongue-latvian = латышский
tongue-danish = датский
tongue-norwegian = норвежский
tongue-finnish = финский
tongue-czech = чешский
tongue-slovak = словацкий
tongue-hungarian = венгерский
tongue-bulgarian = болгарский
tongue-croatian = хорватский
tongue-serbian = сербский
tongue-georgian = грузинский
tongue-azerbaijani = азербайджанский
tongue-kurdish = курдский
tongue-irish = ирландский
tongue-gaelic = гэльский
salary-estimated = не указана · оценка { $band } (по { $count } { $count ->
        [one] похожей вакансии
       *[other] похожим вакансиям
    })
