"""Course C, "When things go wrong: crisis response on social channels" (CONTENT.md section 2), modules C1-C5.

Blocks are (block_type, value) pairs; rich text uses only <p>, <ul>/<ol> with <li>, <b> and <i>.
"""

C1 = {
    "code": "C1",
    "slug": "your-feed-on-a-bad-day",
    "title": "Your feed on a bad day",
    "audiences": ["all_staff"],
    "minutes": 6,
    "summary": "Many people follow a transport account for the day something breaks, and how it behaves then decides whether they stay.",
    "quizzes": ["KC"],
    "check_title": "When the service breaks",
    "body": [
        (
            "key_points",
            {
                "heading": "In short",
                "points": [
                    "Many people follow @TarnwickTransit for the one day something goes wrong.",
                    "On that day, useful updates matter more than anything else the feed posts.",
                    "Saying nothing sends a message too, and it is rarely the one you want.",
                ],
            },
        ),
        ("heading", "See why people follow a transport account"),
        (
            "text",
            (
                "<p>Think about why you follow a bus or train account. It is probably not for the special offers. "
                "It is for the evening your train stops and you need to know what is happening.</p>"
                "<p>Most days, @TarnwickTransit posts timetable changes, station news and the odd offer. "
                "Then something breaks, and thousands of people check the feed at once. "
                "That is the moment they followed us for.</p>"
                "<p>If the feed helps them then, they stay. If it doesn't, many stop trusting it, even on good days.</p>"
            ),
        ),
        (
            "social_post",
            {
                "display_name": "Ravi Chandran",
                "handle": "@ravi_commutes",
                "platform": "microblog",
                "posted_at": "Mon 07:41",
                "text": "Signal fault at Brackenford again? Is the 07:50 to Tarnwick Central running, or should I get the bus?",
                "likes": 12,
                "shares": 3,
                "replies": 5,
                "image_alt": "",
            },
        ),
        (
            "text",
            (
                "<p>Ravi isn't angry yet. He needs one fact so he can make a choice. "
                "A quick, clear answer turns a worried passenger into a calm one.</p>"
            ),
        ),
        ("heading", "Learn from a feed that kept on selling"),
        (
            "text",
            (
                "<p>A few years ago, trains run by a rail operator broke down on a cold evening. "
                "Passengers sat stranded for hours, some without heat or light.</p>"
                "<p>All that time, the operator's feed kept posting cheerful offers that had been planned days before. "
                "Nobody had switched them off.</p>"
                "<p>Passengers shared the offers next to photos of dark, packed carriages. "
                "The story that spread was not the breakdown. It was a company that seemed not to care.</p>"
            ),
        ),
        (
            "callout",
            {
                "kind": "warning",
                "title": "Scheduled posts don't know about the disruption",
                "text": "<p>A post planned last week goes out whatever is happening today. "
                "In a disruption, pausing every scheduled post is one of the first jobs.</p>",
            },
        ),
        (
            "text",
            (
                "<p>The lesson is simple. People put up with marketing on a transport feed, "
                "but only if the feed helps them when it counts.</p>"
            ),
        ),
        ("heading", "Notice what silence says"),
        (
            "text",
            (
                '<p>When nothing appears on the feed, people don\'t think "they must be busy". '
                "They think nobody is there, or nobody cares.</p>"
                "<p>Silence also leaves a gap that others fill. Passengers post guesses, and rumours travel faster than facts.</p>"
                "<p>The local news account @tarnwick_echo may post before we do. "
                "Then passengers learn about their own train from the news.</p>"
                "<p>You don't need the full story to speak. "
                "\"We know there's a problem, we're working on it, and we'll update you by 19:20\" is far better than nothing.</p>"
            ),
        ),
        (
            "quote",
            {
                "quote": "I don't need them to be perfect. I just need to know someone is there.",
                "attribution": "A passenger on the Vale Passenger Forum, @fairfares_vale",
            },
        ),
        ("heading", "Picture a feed that helps"),
        (
            "text",
            (
                "<p>Now picture the same kind of evening, handled well. "
                "Within minutes, the feed says what has happened and when it will say more.</p>"
            ),
        ),
        (
            "social_post",
            {
                "display_name": "Tarnwick Transit",
                "handle": "@TarnwickTransit",
                "platform": "microblog",
                "posted_at": "Wed 18:04",
                "text": "Buses on route 7 from Sallow Bay are running about 30 minutes late because of a crash on the coast road. "
                "Nobody on our buses is hurt. Next update by 18:30.",
                "likes": 27,
                "shares": 19,
                "replies": 4,
                "image_alt": "",
            },
        ),
        (
            "text",
            (
                "<p>It is short and calm. It answers the first question people ask, which is whether anyone is hurt. "
                "And it tells them when to look again, so they don't have to keep refreshing.</p>"
            ),
        ),
        ("heading", "Play your part, whatever your job"),
        (
            "text",
            (
                "<p>You might never post from the company's accounts. You still have a part to play on a bad day.</p>"
                "<ul>"
                "<li>If you see a post about a problem, pass it to the out-of-hours rota or the comms team.</li>"
                "<li>Share official updates from @TarnwickTransit, not your own guesses.</li>"
                "<li>Keep internal details to yourself until they are public.</li>"
                "<li>If friends ask you about the disruption, point them to the official thread.</li>"
                "</ul>"
            ),
        ),
        (
            "callout",
            {
                "kind": "tip",
                "title": "Know where the rota lives",
                "text": "<p>Find out today who is on the out-of-hours rota and how to reach them. "
                "On a bad day, you won't have time to search.</p>",
            },
        ),
        (
            "key_points",
            {
                "heading": "Key points",
                "points": [
                    "Being useful in an emergency is why people follow a transport account.",
                    (
                        "Promotions during a disruption feel like being ignored. A rail operator's feed once kept posting "
                        "offers while passengers sat stranded for hours."
                    ),
                    "People put up with marketing only if the feed helps when it counts.",
                    "Silence is also a message, and usually a bad one.",
                ],
            },
        ),
        (
            "reflection",
            {
                "prompt": "Think of a time a company went quiet just when you needed it. "
                "How did it change what you thought of them?"
            },
        ),
    ],
}

C2 = {
    "code": "C2",
    "slug": "plan-before-the-incident",
    "title": "Plan before the incident",
    "audiences": ["managers", "operations", "communications"],
    "minutes": 9,
    "summary": "When something fails at 19:00, the people on duty need access, authority and words ready to use.",
    "quizzes": ["KC"],
    "check_title": "Ready before it happens",
    "body": [
        (
            "key_points",
            {
                "heading": "In short",
                "points": [
                    "When something fails at 19:00, the people on duty need access, authority and words ready to use.",
                    "Set up the rota, holding messages and a pause step before anything goes wrong.",
                    "Drills show you the gaps while they are still cheap to fix.",
                ],
            },
        ),
        ("heading", "Picture a failure at 19:00"),
        (
            "text",
            (
                "<p>Most incidents don't happen at 10:00 on a Tuesday, with the comms team at their desks. "
                "They happen in the evening, at weekends and on bank holidays.</p>"
                "<p>Picture it. A train stops near Hollin at 18:50, and the comms manager is off until 08:00. "
                "Passengers start posting within minutes.</p>"
                "<p>Whoever is on duty needs three things straight away: <b>access</b> to the account, "
                "<b>authority</b> to post, and <b>words</b> they can use without waiting for sign-off.</p>"
            ),
        ),
        ("heading", "Build an out-of-hours rota that works"),
        (
            "text",
            (
                "<p>An out-of-hours rota is a list of who can speak for the company when the office is closed. "
                "It should include people from operations, not only from comms.</p>"
                "<p>Control-room staff know the facts first. Pair them with someone who can turn those facts into plain words. "
                "At Tarnwick, that might be Tomasz in the control room and Jordan in customer service.</p>"
                "<p>Check that everyone on the rota:</p>"
                "<ul>"
                "<li>can log in to the main account from a work phone, through a shared login tool, "
                "not a password on a sticky note</li>"
                "<li>has had training and has posted in a drill</li>"
                "<li>knows they may post the approved holding messages without asking first</li>"
                "<li>knows who to call if things get bigger</li>"
                "</ul>"
                "<p>Authority matters as much as access. A senior leader should sign off, in writing, "
                "that people on the rota may post holding messages and pause promotions without waiting for anyone.</p>"
                "<p>Without that, even well-trained staff hesitate. They worry about speaking for the company, "
                "and the first 15 minutes slip away.</p>"
            ),
        ),
        (
            "callout",
            {
                "kind": "warning",
                "title": "Access is not a detail",
                "text": "<p>Many teams find out mid-incident that the only person with the login is on holiday. "
                "Test every login on the rota once a month.</p>",
            },
        ),
        ("heading", "Write your first words in advance"),
        (
            "text",
            (
                "<p>A holding message is a short post that says something is wrong before you know the details. "
                "Agree a few in advance, so nobody has to write from scratch under pressure.</p>"
            ),
        ),
        (
            "social_post",
            {
                "display_name": "Tarnwick Transit",
                "handle": "@TarnwickTransit",
                "platform": "microblog",
                "posted_at": "Sat 21:14",
                "text": "Trains between Tarnwick Central and Brackenford are delayed by a signal fault. "
                "Staff are on site. We'll post our next update by 21:45.",
                "likes": 48,
                "shares": 39,
                "replies": 11,
                "image_alt": "",
            },
        ),
        (
            "text",
            (
                "<p>Notice what it does. It says what is affected, that people are working on it, "
                "and when the next update will come. It doesn't guess at the cause.</p>"
                "<p>Next to the holding messages, keep a <b>pause step</b>: a short checklist for stopping "
                "every scheduled post on every account. Offers planned last week must not go out in a disruption.</p>"
            ),
        ),
        ("heading", "Keep one source of truth"),
        (
            "text",
            (
                "<p>In a disruption, facts change fast. If five people post from five places, "
                "passengers get five different stories.</p>"
                "<p>Agree one route instead. The control room's facts go to the person posting, "
                "and they go into one public thread on the main account. "
                "Everyone else, from customer service to station staff, points people to that thread.</p>"
                "<p>A thread is a chain of linked posts, so people can read the whole story in order. "
                "Pin it to the top of the account so it is easy to find.</p>"
                "<p>Share the same link on the internal network too. "
                "Then drivers, station staff and the customer line can all give passengers the same answer.</p>"
            ),
        ),
        ("heading", "Know when to call for help"),
        (
            "text",
            (
                "<p>Some incidents are too big or too sensitive for the rota alone. "
                "Write down clear points to escalate, which means bringing in the comms lead or a senior leader. "
                "For example, escalate when:</p>"
                "<ul>"
                "<li>anyone is hurt, or there is a safety risk</li>"
                "<li>a reporter, such as @tarnwick_echo, asks for a comment</li>"
                "<li>the disruption will last more than two hours</li>"
                "<li>a post about us is spreading fast, or names a member of staff</li>"
                "</ul>"
                "<p>Escalating is not a sign of failure. "
                "It means the right people can help while you keep the updates going.</p>"
            ),
        ),
        ("heading", "Practise before it's real"),
        (
            "text",
            (
                "<p>A plan nobody has tried is only a hope. Run a short drill every few months. "
                "Pick a made-up incident, start the story clock and work through it together.</p>"
                "<p>Afterwards, ask what slowed you down. Perhaps a login failed, or a holding message didn't fit. "
                "Fix it now, while it costs nothing.</p>"
            ),
        ),
        (
            "callout",
            {
                "kind": "tip",
                "title": "Keep drills small",
                "text": "<p>A 30-minute drill with three people teaches more than a long plan in a folder. "
                "The “Stuck at Hollin” scenario in the module “The first hour” makes a good starting point.</p>",
            },
        ),
        (
            "key_points",
            {
                "heading": "Key points",
                "points": [
                    "Have an out-of-hours rota that includes operations, with account access and training.",
                    "Agree holding messages in advance, plus a step to pause all scheduled posts.",
                    "Keep one source of truth: control-room facts feed one public thread.",
                    "Set clear points to escalate to comms and leaders.",
                    "Practise with drills.",
                ],
            },
        ),
        (
            "reflection",
            {
                "prompt": "If a train stopped at 19:00 tonight, who would post the first update? "
                "Could they log in, and would they know what to say?"
            },
        ),
    ],
}

C3 = {
    "code": "C3",
    "slug": "the-first-hour",
    "title": "The first hour",
    "audiences": ["operations", "customer_service", "communications"],
    "minutes": 8,
    "summary": "Acknowledge quickly, say what you know and what you don't, and promise the next update.",
    "quizzes": ["S1"],
    "body": [
        (
            "key_points",
            {
                "heading": "In short",
                "points": [
                    "Post a first public word within about 15 minutes, even before you know the cause.",
                    "Say what you know, what you don't know yet, and when you'll update next.",
                    "Share the work: one person posts updates while others answer replies.",
                ],
            },
        ),
        ("heading", "Speak within 15 minutes"),
        (
            "text",
            (
                "<p>The first public word matters most. Aim to post within about 15 minutes of hearing about a problem.</p>"
                "<p>You won't know the cause yet, and that's fine. People don't need the cause first. "
                "They need to know that you know, and that someone is dealing with it.</p>"
                "<p>One short, honest post calms hundreds of people at once. "
                "It also gives families waiting at home something to read.</p>"
            ),
        ),
        ("heading", "Say what you know and what you don't"),
        (
            "text",
            (
                "<p>A good first-hour update has three parts:</p>"
                "<ol>"
                "<li><b>What we know:</b> a train is held near Hollin, and the crew are with passengers.</li>"
                "<li><b>What we don't know yet:</b> how long the repair will take.</li>"
                "<li><b>When we'll update next:</b> by 19:20.</li>"
                "</ol>"
                '<p>Saying "we don\'t know yet" is not a weakness. '
                "People trust honesty more than a guess that turns out wrong.</p>"
            ),
        ),
        ("heading", "Turn control-room language into plain words"),
        (
            "text",
            (
                "<p>Control rooms have their own shorthand. It is quick and exact for staff, but passengers can't read it. "
                "Compare these two updates:</p>"
                "<ul>"
                '<li><i>"Line blocked Hollin, assisting unit ETA 2030."</i></li>'
                '<li><i>"A fault has stopped the train near Hollin. '
                'A rescue train is on its way and should reach you at about 20:30."</i></li>'
                "</ul>"
                "<p>The second takes a few more words, but everyone can act on it. "
                "If you must use a technical term, explain it.</p>"
            ),
        ),
        ("heading", "Put safety questions first"),
        (
            "text",
            (
                "<p>In the first hour, some replies matter more than others. "
                "Look first for anything about safety or health: someone unwell, a child, heat, "
                "no light, or people thinking of leaving the train.</p>"
                "<p>If anyone talks about getting off and walking, answer at once. "
                "Ask them to stay on board, because the crew will say when it is safe to move.</p>"
            ),
        ),
        (
            "social_post",
            {
                "display_name": "Yusuf Adeleke",
                "handle": "@yusuf_a",
                "platform": "microblog",
                "posted_at": "Thu 17:36",
                "text": "My mum is on the stopped train near Brackenford and she's diabetic. "
                "She hasn't eaten since lunch. Can someone check on her?",
                "likes": 54,
                "shares": 12,
                "replies": 7,
                "image_alt": "",
            },
        ),
        (
            "text",
            (
                "<p>Answer Yusuf first, in public and fast. Ask him to tell his mum to press the help point in her coach. "
                "Then tell the control room yourself, so the crew can find her.</p>"
                "<p>Health details are safety facts. Handle them with care, and ask for anything personal by private message.</p>"
            ),
        ),
        (
            "callout",
            {
                "kind": "warning",
                "title": "Never send a safety question elsewhere",
                "text": "<p>Pointing a worried person to a phone line that is closed reads as brushing them off. "
                "Deal with safety there and then.</p>",
            },
        ),
        ("heading", "Keep to your promised update times"),
        (
            "text",
            (
                "<p>End every update with the time of the next one. Then keep to it, even if nothing has changed.</p>"
                "<p>A post that says there is no news yet is still useful. It shows people you haven't forgotten them.</p>"
                '<p><i>"No change yet: the rescue train is still due at 20:30. Next update by 20:00."</i></p>'
                "<p>If you are going to miss a promised time, post before it passes and say when you will be back. "
                "A missed time with no word feels like silence all over again.</p>"
                "<p>Use 24-hour times, and name the line or route. "
                'Words like "soon" and "shortly" mean different things to different people.</p>'
            ),
        ),
        ("heading", "Split the work"),
        (
            "text",
            (
                "<p>Nobody can post updates and answer hundreds of replies at the same time. Split the job:</p>"
                "<ul>"
                "<li>One person writes the updates and keeps the pinned thread current.</li>"
                "<li>Others answer replies, with a link to the thread for most of them.</li>"
                "<li>One person stays in touch with the control room for fresh facts.</li>"
                "</ul>"
                "<p>At night, that might be you plus Jordan from customer service, helping from home. "
                "Two people who share the work clear the queue far faster than one.</p>"
            ),
        ),
        (
            "key_points",
            {
                "heading": "Key points",
                "points": [
                    "Post a first public word within about 15 minutes, even before you know the cause.",
                    "Use plain words, not control-room jargon.",
                    "Answer safety questions first.",
                    "Name the time of the next update, and keep to it.",
                    "Split the work: one person posts updates, others answer replies.",
                ],
            },
        ),
        (
            "reflection",
            {
                "prompt": "Write the first post you would send if a bus broke down on route 12 at 17:30 today. "
                "Does it say what you know, what you don't, and when you'll update next?"
            },
        ),
    ],
}

C4 = {
    "code": "C4",
    "slug": "critics-anger-and-the-urge-to-hit-back",
    "title": "Critics, anger and the urge to hit back",
    "audiences": ["customer_service", "communications", "managers"],
    "minutes": 7,
    "summary": "Angry posts are feedback given under stress, and fighting or deleting them turns a complaint into a story.",
    "quizzes": ["KC"],
    "check_title": "Criticism without a fight",
    "body": [
        (
            "key_points",
            {
                "heading": "In short",
                "points": [
                    "An angry post is feedback given under stress, not a fight to win.",
                    "Arguing, mocking or deleting turns a complaint into a story.",
                    "Hide only abuse, threats, spam or exposed personal data, under rules you have published.",
                ],
            },
        ),
        ("heading", "See the person behind the angry post"),
        (
            "text",
            (
                "<p>When someone posts in anger, they are usually stuck, late, worried or out of pocket. "
                "The anger is real, but it is about the situation, not about you.</p>"
                "<p>Read an angry post as feedback given under stress. "
                "Somewhere inside it, there is usually a fact you can act on.</p>"
            ),
        ),
        (
            "social_post",
            {
                "display_name": "Maren Holt",
                "handle": "@maren.holt",
                "platform": "microblog",
                "posted_at": "Fri 08:12",
                "text": "Third morning this week the 08:05 from Sallow Bay is cancelled. "
                "Do you even want people to get to work? Useless.",
                "likes": 131,
                "shares": 22,
                "replies": 18,
                "image_alt": "",
            },
        ),
        (
            "text",
            (
                '<p>"Useless" stings. But the useful part is clear: three cancellations on one service in one week. '
                "That is worth passing to operations today.</p>"
                "<p>Some critics post often, like the passenger forum @fairfares_vale. "
                "Treat them as an early warning, not as enemies. They often spot a pattern before our reports do.</p>"
            ),
        ),
        ("heading", "Don't argue, mock or lecture"),
        (
            "text",
            (
                "<p>When you feel attacked, it is natural to want to correct, defend or be clever. "
                "But on a public channel, far more people read your reply than the one person you are answering.</p>"
                "<ul>"
                "<li><b>Arguing</b> makes the company look defensive, even when you're right.</li>"
                "<li><b>Mocking</b> might make colleagues laugh, but onlookers take the customer's side.</li>"
                "<li><b>Lecturing</b>, such as quoting the terms and conditions, wins the point and loses everyone watching.</li>"
                "</ul>"
            ),
        ),
        (
            "callout",
            {
                "kind": "tip",
                "title": "Pause before you reply",
                "text": "<p>If a post makes you cross, step away for two minutes, or ask a colleague to read your reply first. "
                "Good replies are rarely written in a temper.</p>",
            },
        ),
        ("heading", "Learn from a page that hit back"),
        (
            "text",
            (
                "<p>A food company once faced criticism on its public page. "
                "Instead of answering the points, the page replied to critics with sarcasm and removed their comments.</p>"
                "<p>People noticed. They shared screenshots of the deleted comments far and wide. "
                "Within days, the backlash was many times bigger than the first complaint.</p>"
                "<p>A few calm replies could have handled the original problem. Instead, the response became the story.</p>"
            ),
        ),
        (
            "quote",
            {
                "quote": "Deleting a comment doesn't delete the screenshot.",
                "attribution": "Siobhán Murphy, Communications Manager, Tarnwick Transit",
            },
        ),
        ("heading", "Know what you may hide"),
        (
            "text",
            (
                "<p>Some posts do need to come down. The fair way is to publish house rules first. "
                "House rules are a short public page that says what the account will hide, and why.</p>"
                "<p>Hide a post only if it contains:</p>"
                "<ul>"
                "<li>abuse, such as slurs or personal attacks on staff</li>"
                "<li>threats</li>"
                "<li>spam or scams</li>"
                "<li>exposed personal data, such as a phone number, email address or claim reference</li>"
                "</ul>"
                "<p>Criticism, sarcasm and bad reviews stay up, however much they hurt. "
                "If you hide something, be ready to name the rule it broke.</p>"
            ),
        ),
        (
            "callout",
            {
                "kind": "warning",
                "title": "Hiding criticism backfires",
                "text": "<p>People can often tell when a comment has vanished. "
                "Hiding fair criticism looks like silencing customers, and the complaint usually spreads further.</p>",
            },
        ),
        ("heading", "Acknowledge first, then give facts and action"),
        (
            "text",
            (
                "<p>A good reply to an angry post follows a simple order:</p>"
                "<ol>"
                "<li><b>Acknowledge:</b> show you have heard, and say sorry for what went wrong.</li>"
                "<li><b>Facts:</b> say what happened, in plain words.</li>"
                "<li><b>Action:</b> say what you are doing, and move personal details to a private message.</li>"
                "</ol>"
            ),
        ),
        (
            "social_post",
            {
                "display_name": "Tarnwick Transit",
                "handle": "@TarnwickTransit",
                "platform": "microblog",
                "posted_at": "Fri 08:31",
                "text": "Sorry, Maren. Three cancellations in one week isn't good enough. "
                "We've been short of drivers for the 08:05, and a standby driver starts on Monday. "
                "Please message us so we can help with any extra costs.",
                "likes": 64,
                "shares": 5,
                "replies": 6,
                "image_alt": "",
            },
        ),
        (
            "text",
            (
                "<p>Notice what this reply does. It uses her name, says sorry, gives the real reason and names one action. "
                "It says nothing about her tone.</p>"
                "<p>The reply doesn't have to win Maren over on the spot. "
                "It shows everyone reading that the company listens and acts.</p>"
            ),
        ),
        (
            "key_points",
            {
                "heading": "Key points",
                "points": [
                    "Don't argue with, mock or lecture critics.",
                    (
                        "A food company's page once answered critics with sarcasm and removed their comments. "
                        "The backlash grew many times over."
                    ),
                    "Publish house rules, and hide only abuse, threats, spam or exposed personal data.",
                    "Acknowledge first, then give facts and action.",
                ],
            },
        ),
        (
            "reflection",
            {
                "prompt": "Think of an angry post about Tarnwick that you have seen. "
                "What fact inside it could the company act on?"
            },
        ),
    ],
}

C5 = {
    "code": "C5",
    "slug": "after-the-storm",
    "title": "After the storm",
    "audiences": ["managers", "executives"],
    "minutes": 8,
    "summary": "Trust is rebuilt in the days after the incident.",
    "quizzes": ["KC"],
    "check_title": "Rebuilding trust",
    "body": [
        (
            "key_points",
            {
                "heading": "In short",
                "points": [
                    "Trust is rebuilt in the days after an incident, not only during it.",
                    "Apologise plainly, keep every promise and say what will change.",
                    "Learn together in a blame-free debrief, then update the plan and the rota.",
                ],
            },
        ),
        ("heading", "Apologise plainly"),
        (
            "text",
            (
                "<p>When the trains are running again, the story isn't over. "
                "Passengers remember how the company behaved afterwards.</p>"
                "<p>A good apology is short and clear. It says what happened, that it shouldn't have happened, "
                'and what will change. It doesn\'t hide behind phrases like "any inconvenience caused".</p>'
            ),
        ),
        (
            "social_post",
            {
                "display_name": "Tarnwick Transit",
                "handle": "@TarnwickTransit",
                "platform": "microblog",
                "posted_at": "Wed 09:00",
                "text": "On Tuesday evening, about 280 people were stuck near Hollin for two hours. We're sorry. "
                "Our first update came far too late. From this week, two people are on call every evening. "
                "How to claim: see the pinned post.",
                "likes": 412,
                "shares": 96,
                "replies": 57,
                "image_alt": "",
            },
        ),
        (
            "text",
            (
                "<p>Notice that it owns the slow update and names one real change. "
                "Leaders can help by backing words like these quickly, instead of asking for softer ones.</p>"
            ),
        ),
        ("heading", "Follow up every promise"),
        (
            "text",
            (
                "<p>During an incident, staff make promises to individuals: a taxi refund, a claim, a call back. "
                "Each one matters to the person who got it.</p>"
                "<p>Make a list of every promise made in replies and private messages. "
                "Give each one an owner and a date, then tick it off.</p>"
                "<p>A refund that arrives on time can turn an angry passenger into a loyal one. "
                "A refund that never arrives starts a second complaint, often louder than the first.</p>"
            ),
        ),
        (
            "callout",
            {
                "kind": "warning",
                "title": "Broken promises start new stories",
                "text": '<p>A post saying "still waiting for the taxi money you promised" brings back an incident '
                "everyone else had forgotten. The passenger forum @fairfares_vale will notice.</p>",
            },
        ),
        ("heading", "Hold a blame-free debrief within a week"),
        (
            "text",
            (
                "<p>A debrief is a meeting where the people involved look back at what happened. "
                "Hold it within a week, while memories are fresh.</p>"
                "<p>Keep it blame-free. The aim is to fix the system, not to find someone to punish. "
                "People only speak honestly when they feel safe.</p>"
                "<p>Work through three questions, in time order:</p>"
                "<ol>"
                "<li>What did we know, and when?</li>"
                "<li>What did we say in public, and when?</li>"
                "<li>Where was the gap between the two, and why?</li>"
                "</ol>"
            ),
        ),
        (
            "quote",
            {
                "quote": "Our logins worked, but nobody on the rota knew they were allowed to post. "
                "That was a gap in the plan, not in the people.",
                "attribution": "Tomasz Nowak, Head of Control Room, Tarnwick Transit",
            },
        ),
        ("heading", "Compare the numbers with a normal week"),
        (
            "text",
            (
                "<p>Feelings about an incident are not enough. "
                "Compare a few numbers with your normal levels, which are known as a baseline.</p>"
                "<ul>"
                "<li><b>Response times:</b> how long until the first public word, and how long replies waited.</li>"
                "<li><b>Claims:</b> how many came in, and how fast they were paid.</li>"
                "<li><b>Repeat contacts:</b> how many people had to ask twice, by phone or on social.</li>"
                "</ul>"
                "<p>Imagine a board paper that says the first update took 40 minutes, against a target of 15. "
                "That one number makes the case for change better than a long report.</p>"
            ),
        ),
        ("heading", "Update the plan and the rota"),
        (
            "text",
            (
                "<p>Every debrief should end with changes to the plan. "
                "Perhaps a holding message needs new words. "
                "Perhaps the rota needs someone from customer service as well as operations.</p>"
                "<p>Write the changes down, give each one an owner and tell staff what changed. "
                "People keep making the effort when they can see their feedback led somewhere.</p>"
                '<p>Tell passengers too. A short post saying "you told us our first update was slow, so here is what we changed" '
                "shows that their anger was heard.</p>"
                "<p>Finally, test the new plan in a drill within a month. A change nobody has tried is still only a hope.</p>"
            ),
        ),
        (
            "key_points",
            {
                "heading": "Key points",
                "points": [
                    "Apologise plainly and say what will change.",
                    "Follow up every individual promise, such as refunds and claims.",
                    "Hold a blame-free debrief within a week: what we knew, what we said, and when.",
                    "Compare response times, claims and repeat contacts with normal levels.",
                    "Update the plan and the rota.",
                ],
            },
        ),
        (
            "reflection",
            {
                "prompt": "Think about the last incident your team handled. Was there a debrief? "
                "If not, what would you most want to learn from one?"
            },
        ),
        (
            "callout",
            {
                "kind": "tip",
                "title": "Try it this week",
                "text": "<p>Pick one recent incident, however small. Spend 20 minutes with the people involved, "
                "asking what you knew, what you said, and when.</p>"
                "<p>Write down one change, and the name of the person who will make it.</p>",
            },
        ),
    ],
}

COURSE = {
    "code": "C",
    "slug": "when-things-go-wrong",
    "title": "When things go wrong: crisis response on social channels",
    "summary": "How to keep people informed on social channels when services break down: "
    "plan ahead, speak fast, stay calm with critics and rebuild trust afterwards.",
    "intro": "<p>This course is for the disruption response squad and for anyone on an out-of-hours rota. "
    "Managers who may be called in when things go wrong will find it useful too.</p>"
    "<p>You will follow a disruption from start to finish: the feed on a bad day, the plan you need beforehand, "
    "the first hour, angry critics and the week after. "
    "In a safe scenario, you'll practise handling a train stuck near Hollin.</p>"
    "<p>Incidents don't keep office hours, and plans change. "
    "That's why you <b>recertify every 12 months</b> by taking the course again.</p>",
    "audience": "all_staff",
    "outcomes": [
        "You will be able to explain why a transport feed's behaviour on a bad day decides whether people keep trusting it.",
        (
            "You will be able to check that the out-of-hours rota has what it needs before an incident: "
            "access, holding messages, a pause step and clear points to escalate."
        ),
        (
            "You will be able to post a first public update within about 15 minutes, "
            "in plain words, with the time of the next update."
        ),
        "You will be able to answer angry critics calmly, without arguing, mocking or deleting fair criticism.",
        "You will be able to rebuild trust afterwards with a plain apology, kept promises and a blame-free debrief.",
    ],
    "modules": [C1, C2, C3, C4, C5],
}
