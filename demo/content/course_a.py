"""Demo content for Course A: Social media literacy for leaders (modules A1-A6).

Plain data, loaded by the demo seeding code. Everything here is fictional:
Tarnwick Transit, its people, places and handles. See /work/shared/CONTENT.md.
"""

COURSE = {
    "code": "A",
    "slug": "social-media-literacy-for-leaders",
    "title": "Social media literacy for leaders",
    "summary": "A short, hands-on course for leaders who approve social media budgets, policy and risk. You practise using the channels yourself before you decide who speaks for Tarnwick Transit, where and how.",
    "intro": (
        "<p>This course is for Tarnwick Transit's executive team, and managers are welcome too. You approve budgets, policy and risk, so you need to understand social media from the inside before you set any rules for it.</p>"
        "<p>There are 6 short modules of 6 to 8 minutes each, so you can take one in a coffee break. Each ends with a quick quiz or a practice scenario. A wrong choice there is simply practice: the feedback explains why.</p>"
        '<p>After each module you get a small "Try it this week" task. These tasks matter most, because judgement comes from using the channels, not from reading about them.</p>'
    ),
    "audience": "executives",
    "outcomes": [
        "You will be able to explain social media as everyday channels for talking with and listening to customers, candidates and neighbours, not one campaign or one department's job.",
        "You will be able to use the channels yourself well enough to judge proposals, set direction and back your staff.",
        "You will be able to decide who speaks for the company by pairing subject experts with skilled communicators.",
        "You will be able to tie social goals to objectives the company already has, and measure return against a baseline.",
        "You will be able to tell vanity numbers, such as followers and likes, from real value.",
        "You will be able to build social work into roles, with time, recognition and backing, so engagement lasts after the launch.",
    ],
    "modules": [
        {
            "code": "A1",
            "slug": "what-social-media-is-for-a-company",
            "title": "What social media is for a company",
            "audiences": ["executives"],
            "minutes": 6,
            "summary": "Social channels are where people talk to and about the company every day, so treat them as a way of working, not a campaign.",
            "quizzes": ["KC"],
            "check_title": "Channels, not campaigns",
            "body": [
                (
                    "key_points",
                    {
                        "heading": "In short",
                        "points": [
                            "People talk to and about Tarnwick Transit on social media every day, whether or not we join in.",
                            "Treat these channels as a way of working, like email or the phone, not as a campaign.",
                            "You can't control what people say. You can control how well we take part.",
                        ],
                    },
                ),
                ("heading", "See what is already happening"),
                (
                    "text",
                    (
                        "<p>Right now, someone is probably posting about a Tarnwick bus or train. They might praise a friendly driver on route 12 or ask if the Brackenford line is running. Others share a photo of the sunset at Sallow Bay.</p>"
                        "<p>These posts appear on a microblog (a site for short public posts), on a photo app and in local community groups. People use them to talk to us, and to talk about us with each other.</p>"
                        "<p>This happens whether or not the company replies. The only choice we have is whether Tarnwick Transit takes part, and how well.</p>"
                    ),
                ),
                (
                    "social_post",
                    {
                        "display_name": "Nadia Petrova",
                        "handle": "@nadia_p",
                        "platform": "microblog",
                        "posted_at": "Mon 07:48",
                        "text": "Is the 07:55 from Hollin to Tarnwick Central running today? The Journey app says on time but the board at the station is blank. @TarnwickTransit",
                        "likes": 12,
                        "shares": 3,
                        "replies": 5,
                        "image_alt": "",
                    },
                ),
                (
                    "text",
                    "<p>Nadia is not making a complaint. She needs one fact before she leaves the house. A reply that takes 30 seconds helps her, and everyone else on the platform with the same question.</p>",
                ),
                ("heading", "Why a conversation beats a broadcast"),
                (
                    "text",
                    (
                        "<p>Many companies first treat social media like a noticeboard. They post news, offers and press releases, then walk away. That is a broadcast: a message that only goes one way.</p>"
                        "<p>Social channels work best as a two-way conversation. People ask, complain and share ideas. You answer, fix things and learn.</p>"
                        "<p>A feed that only broadcasts soon feels like a wall. A feed that replies feels like a company with people in it.</p>"
                    ),
                ),
                ("heading", "Notice that every team already meets customers there"),
                (
                    "text",
                    (
                        "<p>It is easy to think of social media as a marketing job. But look at what people actually post about Tarnwick Transit, and you will find almost every team.</p>"
                        "<ul>"
                        '<li><b>Customer service:</b> refunds, lost property and "is my train on time?"</li>'
                        "<li><b>Operations:</b> delays, diversions and the state of bus stops.</li>"
                        "<li><b>Product and Digital:</b> what people love or hate about the Journey app.</li>"
                        "<li><b>People and HR:</b> what it is like to drive a bus here, and whether we are hiring.</li>"
                        "<li><b>Brand and Communications:</b> news, events and questions from local reporters.</li>"
                        "</ul>"
                        "<p>Each team has knowledge that customers value. Social media is one more place where that knowledge meets the people who need it.</p>"
                    ),
                ),
                (
                    "quote",
                    {
                        "quote": "I thought of social media as our advertising. Then I read a week of posts about us. Most of them were questions my teams could answer in a minute.",
                        "attribution": "Rafael Moreno, Chief Customer Officer",
                    },
                ),
                ("heading", 'Why "who owns it?" is the wrong question'),
                (
                    "text",
                    (
                        '<p>Leaders often ask which department should "own" social media. It sounds sensible, but try asking the same thing about email. Which department owns email?</p>'
                        "<p>Nobody owns email: everyone uses it for the work they already do, following shared rules. Social media is the same.</p><p>The comms team can set the house style and help others, but it cannot answer every question alone.</p>"
                        "<p>So ask different questions:</p><ul><li>What do our customers need from us there?</li><li>Which teams know the answers?</li><li>How do we help those teams take part well?</li></ul>"
                    ),
                ),
                (
                    "callout",
                    {
                        "kind": "warning",
                        "title": "You can't switch the conversation off",
                        "text": '<p>Staying away does not stop people talking about Tarnwick Transit. It only means they talk without us. Silence is also a message, and people usually read it as "they don\'t care".</p>',
                    },
                ),
                (
                    "key_points",
                    {
                        "heading": "Key points",
                        "points": [
                            "Social media is a two-way conversation, not a noticeboard for our news.",
                            "Every team already meets customers there: service, operations, product, HR and comms.",
                            "We can't control what people say about us, only how well we take part.",
                            'Asking which department "owns" social media is as odd as asking who owns email.',
                        ],
                    },
                ),
                (
                    "reflection",
                    {
                        "prompt": "Think about the last week. Where did you see or hear customers talking about Tarnwick Transit? Which team could have answered them best?",
                    },
                ),
                (
                    "callout",
                    {
                        "kind": "tip",
                        "title": "Try it this week",
                        "text": '<p>Spend 10 minutes searching a microblog for "Tarnwick" and the names of 2 stations. Sort what you find into questions, complaints, praise and ideas. Note which team could answer each one, and bring your list to the next session.</p>',
                    },
                ),
            ],
        },
        {
            "code": "A2",
            "slug": "why-leaders-learn-first",
            "title": "Why leaders learn first",
            "audiences": ["executives"],
            "minutes": 6,
            "summary": "Leaders who use social channels themselves make better decisions than those who see them as a toy or a threat.",
            "quizzes": ["KC"],
            "check_title": "Learning by using",
            "body": [
                (
                    "key_points",
                    {
                        "heading": "In short",
                        "points": [
                            "Leaders who have never used social media tend to treat it as a toy, or as a threat to lock down.",
                            "Both views lead to poor decisions about budgets, policy and risk.",
                            "Build your own judgement first, in short hands-on sessions. Then decide who speaks for us.",
                        ],
                    },
                ),
                ("heading", "How the toy view and the threat view go wrong"),
                (
                    "text",
                    (
                        "<p>Leaders who have never used social channels tend to see them in one of 2 ways. Some see a toy: fine for holiday photos, but not serious work. Others see a threat: a risk that must be locked down.</p>"
                        "<p>Both views feel reasonable from the outside. Both lead to poor choices.</p>"
                        "<ul>"
                        "<li>The <b>toy</b> view gives the channels no budget, no time and no senior interest. Staff notice, and the accounts drift.</li>"
                        "<li>The <b>threat</b> view writes long rules, blocks access at work and wants sign-off for every reply. Replies slow down, and good people stop trying.</li>"
                        "</ul>"
                    ),
                ),
                ("heading", "Build judgement by using the channels"),
                (
                    "text",
                    (
                        "<p>You can't judge a restaurant by reading its menu. In the same way, you can't judge a social media proposal without using the channels yourself.</p>"
                        "<p>That means 3 simple habits:</p><ul><li><b>Follow</b> accounts that matter to us, such as passenger groups and local news.</li><li><b>Read</b> what people say about us and about other transport firms.</li><li><b>Reply</b> to real questions, with support at first.</li></ul>"
                        "<p>After a few weeks you start to notice which replies calm people down and which make things worse. You can tell a passing grumble from a real pattern. That is the judgement your role needs.</p>"
                    ),
                ),
                (
                    "social_post",
                    {
                        "display_name": "Vale Passenger Forum",
                        "handle": "@fairfares_vale",
                        "platform": "community group",
                        "posted_at": "Thu 12:15",
                        "text": "Good to see someone from Tarnwick's leadership team answering questions in here today, and actually listening. More of this, please.",
                        "likes": 64,
                        "shares": 9,
                        "replies": 17,
                        "image_alt": "",
                    },
                ),
                (
                    "text",
                    "<p>When leaders show up in person, people notice. A few honest replies from a director can do more for trust than a polished campaign.</p>",
                ),
                ("heading", "Learn in short sessions, with practice in between"),
                (
                    "text",
                    (
                        "<p>A one-off briefing feels efficient. You sit through slides for half a day and go back to work. Within a week, most of it has faded.</p>"
                        "<p>Short sessions with practice in between work better. This course is built that way: a few minutes of learning, then a small task to try before the next session. Each step builds on something you have actually done.</p>"
                    ),
                ),
                ("heading", "Practise where mistakes cost nothing"),
                (
                    "text",
                    (
                        "<p>Nobody learns to drive on a motorway. You start somewhere quiet, where a wrong move costs nothing. For social media, that place is a sandbox: a private practice space that looks like a real feed, but nobody outside can see it.</p>"
                        "<p>In the sandbox you can draft a reply to an angry customer or post during a pretend disruption. If a joke falls flat, no passenger ever sees it, and you learn from it.</p>"
                    ),
                ),
                (
                    "callout",
                    {
                        "kind": "tip",
                        "title": "Learn from a respected peer",
                        "text": "<p>Leaders often learn best from someone in a similar role. A senior leader from another organisation who uses social channels well can speak frankly about what worked and what went wrong. Internal teams help too, but it can be hard for them to challenge the people they report to.</p>",
                    },
                ),
                ("heading", "Decide who speaks only after you have practised"),
                (
                    "text",
                    (
                        "<p>Once you have used the channels, you are ready for the bigger choices. Who speaks for Tarnwick Transit, on which channels, in what voice and with what support?</p>"
                        "<p>Make those choices too early and you may lock in a policy built on guesswork. Make them after some practice and you decide with real understanding. The module “Who speaks for us” looks at these choices.</p>"
                    ),
                ),
                (
                    "key_points",
                    {
                        "heading": "Key points",
                        "points": [
                            "Judgement comes from using the channels yourself: follow, read and reply.",
                            "Short sessions with practice in between work better than a one-off briefing.",
                            "Practise in a private sandbox, where mistakes cost nothing.",
                            "A respected peer from outside often teaches leaders better than an internal team can.",
                            "Decide who speaks, where and how only after you have practised.",
                        ],
                    },
                ),
                (
                    "reflection",
                    {
                        "prompt": "Be honest with yourself: do you lean more towards the toy view or the threat view? Which past decision might that have shaped?",
                    },
                ),
                (
                    "callout",
                    {
                        "kind": "tip",
                        "title": "Try it this week",
                        "text": "<p>Follow 3 accounts: @TarnwickTransit, the local news account @tarnwick_echo and the passenger forum @fairfares_vale. Read them for 5 minutes a day. By Friday, pick one reply you thought was good and note why it worked.</p>",
                    },
                ),
            ],
        },
        {
            "code": "A3",
            "slug": "who-speaks-for-us",
            "title": "Who speaks for us",
            "audiences": ["executives", "managers"],
            "minutes": 8,
            "summary": "Pair people who know the subject with people who know how to communicate, instead of handing social media to one team or an agency.",
            "quizzes": ["KC"],
            "check_title": "Experts and communicators",
            "body": [
                (
                    "key_points",
                    {
                        "heading": "In short",
                        "points": [
                            "Handing social media to marketing alone, to volunteers or to an agency each fails in its own way.",
                            "Pair people who know the subject with people who know how to communicate.",
                            "Our voice is human and warm, but still professional.",
                        ],
                    },
                ),
                ("heading", "Spot the 3 easy answers that fail"),
                (
                    "text",
                    (
                        "<p>When companies decide who should run their social channels, they often pick one of 3 easy answers. Each looks tidy on an organisation chart. Each fails in its own way.</p>"
                        "<ul>"
                        "<li><b>Marketing alone.</b> The team is skilled with words but judged on follower numbers. Posts turn into promotions, and real questions about refunds or timetables go unanswered.</li>"
                        "<li><b>Whoever volunteers.</b> Enthusiasm is welcome, but wanting the job is not the same as being ready for it. Without training or support, a keen volunteer can post something unwise, or simply burn out.</li>"
                        "<li><b>An outside agency.</b> An agency can write polished posts, but it doesn't know why the 17:40 from Brackenford is often late. Customers can tell when the person answering doesn't really know.</li>"
                        "</ul>"
                    ),
                ),
                (
                    "callout",
                    {
                        "kind": "warning",
                        "title": "Keen is not the same as ready",
                        "text": "<p>Before anyone speaks for us, check 4 things. Have they read the house rules, and do they know who to ask when unsure?</p><p>Is there someone to cover when they are away? Is the work in their rota, not just their evenings?</p>",
                    },
                ),
                ("heading", "Let subject experts make conversations real"),
                (
                    "text",
                    (
                        "<p>People want answers from someone who knows. A depot technician explaining why buses are off the road in icy weather is more believable than any slogan.</p>"
                        "<p>Groups hosted by subject experts attract more genuine conversation than groups run to hit a marketing number. People stay because they learn something and get real answers.</p>"
                    ),
                ),
                (
                    "social_post",
                    {
                        "display_name": "Kwame Mensah (Tarnwick Transit)",
                        "handle": "@kwame.mensah",
                        "platform": "community group",
                        "posted_at": "Wed 13:05",
                        "text": "Lots of you asked why 6 buses on route 22 were swapped this week. Some door sensors failed in the cold, so we took those buses off the road to be safe. New parts arrive on Friday. Happy to answer questions below.",
                        "likes": 93,
                        "shares": 12,
                        "replies": 27,
                        "image_alt": "",
                    },
                ),
                (
                    "text",
                    "<p>Kwame is a depot technician, not a trained communicator. Siobhán from the comms team helped him keep the post short and clear. He brought the facts, and she helped him say them well.</p>",
                ),
                ("heading", "Pair experts with communicators"),
                (
                    "text",
                    (
                        "<p>The strongest set-up is a pair or a small group. A subject expert brings the knowledge. A communicator brings the clarity: short sentences, the right tone and a feel for what will land.</p>"
                        "<p>Together they avoid 2 traps. Experts alone can slip into jargon, meaning words only insiders understand. Communicators alone can slip into fluff: friendly words with nothing useful inside.</p>"
                        "<p>At Tarnwick Transit, that could mean a control-room lead paired with a comms officer for disruption updates. Or it could be an HR partner paired with a driver for recruitment posts.</p>"
                    ),
                ),
                ("heading", "Find a voice that is warm and professional"),
                (
                    "text",
                    (
                        "<p>Our voice on social media should sound like a helpful person, not a press release. Use plain words, a first name where it helps, and a warm tone.</p>"
                        "<p>But warm is not the same as casual. Think of a good station supervisor talking to a worried passenger: friendly, calm and clear.</p><p>That is different from how you talk with friends. Avoid in-jokes, sarcasm and slang that could be misread.</p>"
                    ),
                ),
                (
                    "quote",
                    {
                        "quote": 'Before: "Customers are advised that service disruption may occur on the Hollin line." After: "Some Hollin trains may be late this evening because of a signal fault. We\'ll update you here by 18:30."',
                        "attribution": "Worked example, Brand and Communications team",
                    },
                ),
                ("heading", "Spend the money where it does most good"),
                (
                    "text",
                    (
                        "<p>Some companies spend heavily in the wrong places. They buy tools to block staff from social sites, or pay outsiders to speak for them.</p>"
                        "<p>That money usually does more good spent on your own people. Train subject experts to post with confidence, and give communicators time to coach them.</p><p>Skills you build in-house stay in the company when a contract ends.</p>"
                    ),
                ),
                (
                    "key_points",
                    {
                        "heading": "Key points",
                        "points": [
                            "Groups hosted by subject experts get more genuine conversation than ones run to hit a marketing number.",
                            "Wanting the job is not the same as being ready for it, so train and support volunteers.",
                            "Our voice is human and warm, but still professional: not how you talk with friends.",
                            "Money spent blocking staff, or paying outsiders to speak for us, does more good spent on in-house skill.",
                        ],
                    },
                ),
                (
                    "reflection",
                    {
                        "prompt": "Pick one topic customers often ask us about. Who in your area knows it best, and who could help them say it clearly?",
                    },
                ),
                (
                    "callout",
                    {
                        "kind": "tip",
                        "title": "Try it this week",
                        "text": "<p>Name one possible pair in your area: an expert and a communicator. Ask them for 15 minutes to talk through one question customers often ask. Agree who would check the facts and who would shape the words.</p>",
                    },
                ),
            ],
        },
        {
            "code": "A4",
            "slug": "goals-that-serve-the-business",
            "title": "Goals that serve the business",
            "audiences": ["executives", "managers"],
            "minutes": 8,
            "summary": "Social activity earns its place when it moves an objective the company already has.",
            "quizzes": ["S4"],
            "body": [
                (
                    "key_points",
                    {
                        "heading": "In short",
                        "points": [
                            "Social activity earns its place when it moves an objective the company already has.",
                            "Start from the objective, then choose the channel.",
                            "Small groups with one aim each move faster than a big task force.",
                        ],
                    },
                ),
                ("heading", "Start from objectives you already have"),
                (
                    "text",
                    (
                        '<p>A common first question is "Which channels should we be on?" It is the wrong place to start. Channels are tools, so first decide what the tools are for.</p>'
                        "<p>Tarnwick Transit already has business objectives. Social channels can help with many of them:</p>"
                        "<ul>"
                        "<li><b>Fewer repeat calls</b> to customer service about refunds and delays.</li>"
                        "<li><b>Faster news in a disruption</b>, so passengers can make other plans.</li>"
                        "<li><b>Hiring</b>, such as filling 40 driver vacancies.</li>"
                        "<li><b>Product insight</b>, such as early feedback on the Journey app.</li>"
                        "</ul>"
                        "<p>Once you know the objective, the channel often picks itself. Disruption news needs speed, so it suits a microblog. Driver hiring needs trust and real stories, so a photo app or local community groups may work better.</p>"
                    ),
                ),
                (
                    "callout",
                    {
                        "kind": "warning",
                        "title": "Watch for goals that are really activities",
                        "text": '<p>"Post 3 times a day" is an activity, not a goal. You can post more and change nothing. Ask what the posts are meant to achieve, and make that the goal.</p>',
                    },
                ),
                ("heading", "Why followers are not a goal"),
                (
                    "text",
                    '<p>It is tempting to set a goal like "double our followers". Follower numbers are easy to count and quick to grow, for example with a prize draw.</p>',
                ),
                (
                    "social_post",
                    {
                        "display_name": "Tarnwick Transit",
                        "handle": "@TarnwickTransit",
                        "platform": "microblog",
                        "posted_at": "Fri 16:00",
                        "text": "Win a year of free travel! Follow us and share this post to enter. Winner drawn on Monday.",
                        "likes": 2150,
                        "shares": 1870,
                        "replies": 96,
                        "image_alt": "",
                    },
                ),
                (
                    "text",
                    (
                        "<p>A post like this can bring thousands of new followers in a weekend. Many leave once the prize is drawn. So ask what the company got for it, beyond a bigger number.</p>"
                        "<p>A bigger audience only matters if it helps something else. What would 10,000 more followers change for our customers or our costs? If nobody can answer, it isn't a business goal.</p>"
                    ),
                ),
                ("heading", "Use small groups with one aim each"),
                (
                    "text",
                    (
                        "<p>When leaders face a big question, they often form a big group to answer it. A 25-person task force meets, debates and drafts a long strategy. Months pass, and staff are unsure whether they may reply to customers at all.</p>"
                        "<p>Small groups with one clear aim tend to move faster. Each owns one objective and pairs subject experts with a communicator. For example:</p>"
                        "<ul>"
                        "<li>Refund questions: customer service with the comms team.</li>"
                        "<li>Driver hiring: HR with a working driver.</li>"
                        "<li>Disruption updates: the control room with the comms team.</li>"
                        "</ul>"
                        "<p>Each group can try something within weeks, learn from it and report back.</p>"
                    ),
                ),
                ("heading", "Write goals into roles and plans"),
                (
                    "text",
                    (
                        "<p>If social work isn't in anyone's job, it gets squeezed into lunch breaks and evenings. That can work for a month. It rarely lasts.</p>"
                        "<p>So write the goals into the places that shape daily work: team plans, job descriptions and personal objectives. If the control room is expected to post disruption updates, give it the time and training to do so.</p>"
                        '<p>Here is what that can look like. A customer service team plan might say: "Answer public questions within 1 hour between 07:00 and 20:00. Publish a how-to post for any question asked more than 20 times a month."</p>'
                    ),
                ),
                (
                    "quote",
                    {
                        "quote": "We stopped asking how to grow our audience. We started asking which calls we could save people from making. The answers were very different.",
                        "attribution": "Aisha Rahman, Customer Service Manager",
                    },
                ),
                (
                    "callout",
                    {
                        "kind": "tip",
                        "title": "Recognise good engagement",
                        "text": "<p>Notice and reward good conversations with customers, not just campaign results. A thank-you from a director, a mention in a team meeting or credit in a performance review all tell staff that this work counts.</p>",
                    },
                ),
                (
                    "text",
                    "<p>In the scenario that follows, you are the Chief Customer Officer getting ready for the board. Your choices decide whether social media can show what it does for the company.</p>",
                ),
                (
                    "key_points",
                    {
                        "heading": "Key points",
                        "points": [
                            "Start from objectives we already have, such as fewer repeat calls or faster disruption news, and choose channels after.",
                            "One big task force tends to go round in circles, while small groups with one aim each move faster.",
                            "Write goals into roles and plans, so the work isn't squeezed into lunch breaks.",
                            "Recognise and reward good customer engagement.",
                        ],
                    },
                ),
                (
                    "reflection",
                    {
                        "prompt": "Pick one objective in your area for this year. How could talking with customers on social channels help you reach it?",
                    },
                ),
                (
                    "callout",
                    {
                        "kind": "tip",
                        "title": "Try it this week",
                        "text": '<p>Take one objective from your team plan and write one sentence that links it to social media. For example: "Answer common refund questions in public to cut repeat calls." Share it with a colleague and ask whether it makes sense to them.</p>',
                    },
                ),
            ],
        },
        {
            "code": "A5",
            "slug": "measuring-return",
            "title": "Measuring return",
            "audiences": ["executives", "managers"],
            "minutes": 8,
            "summary": "Count what you put in and the results that matter, and compare them with a baseline.",
            "quizzes": ["KC"],
            "check_title": "Signals or returns?",
            "body": [
                (
                    "key_points",
                    {
                        "heading": "In short",
                        "points": [
                            "Count what you put in and the results that matter.",
                            "Compare results with a baseline: how things were before you started.",
                            "Followers and likes are signals, not returns.",
                        ],
                    },
                ),
                ("heading", "Understand what return means"),
                (
                    "text",
                    (
                        "<p>Return is what you get back for what you put in. For social media, what goes in is mostly people's time, plus training and tools. What comes back should be a result tied to a business objective.</p>"
                        "<p>To see a change, you need a baseline: a measure of how things were before you started. Without one, you can't tell whether anything improved.</p>"
                    ),
                ),
                ("heading", "Count everything that goes in"),
                (
                    "text",
                    (
                        "<p>Be honest about the cost side. Count the staff hours spent reading and replying, the training, and any tools you pay for. Include the hours people give in the evenings, even if nobody asked them to.</p>"
                        "<p>Hidden effort makes results look cheaper than they are. It also hides a risk: if that goodwill stops, the results stop with it.</p>"
                    ),
                ),
                ("heading", "Tell signals from returns"),
                (
                    "text",
                    (
                        "<p>Followers, likes and shares are easy to see on any dashboard. They are useful signals, because they hint that people are paying attention.</p><p>But they are not returns. A post can get thousands of likes and change nothing for customers or costs.</p>"
                        "<p>Numbers that look good but don't link to an objective are often called vanity numbers. They can be worth watching. They should not be what you report as success.</p>"
                    ),
                ),
                ("heading", "See what real return looks like at Tarnwick Transit"),
                (
                    "text",
                    (
                        "<ul>"
                        "<li><b>Repeat calls avoided.</b> Multiply the calls saved by the cost of handling each one. A pinned post (one fixed at the top of a feed) explaining refunds might save 300 calls a month. At £4 a call, that is £1,200 a month.</li>"
                        "<li><b>Time to first reply.</b> How quickly passengers hear from us, especially in a disruption.</li>"
                        "<li><b>Vacancies filled.</b> How many of our 40 driver vacancies went to people who found us through social channels.</li>"
                        "<li><b>Problems found earlier.</b> A fault in the Journey app spotted in posts days before it showed up in complaints.</li>"
                        "</ul>"
                    ),
                ),
                (
                    "quote",
                    {
                        "quote": "What went in: 2 advisers spend 10 hours a week between them on social replies, about £900 a month. Result: refund calls fell from 1,100 to 750 a month against last spring's baseline. At £4 a call, that saves about £1,400 a month, and customers get answers sooner.",
                        "attribution": "Worked example, Customer Service quarterly report",
                    },
                ),
                ("heading", "Watch for fading after the launch"),
                (
                    "text",
                    (
                        "<p>Most new efforts start with a burst of energy. Then, quietly, the energy fades. The signs are easy to miss if you only look at follower totals, because those rarely go down.</p>"
                        "<p>Watch these instead:</p>"
                        "<ul>"
                        "<li>Fewer replies per post over several months.</li>"
                        "<li>Community groups where staff have stopped posting.</li>"
                        "<li>Questions that wait longer and longer for an answer.</li>"
                        "</ul>"
                    ),
                ),
                (
                    "social_post",
                    {
                        "display_name": "Rosa Delgado",
                        "handle": "@rosa.delgado",
                        "platform": "community group",
                        "posted_at": "Sat 10:12",
                        "text": "Does anyone from Tarnwick still read this group? I asked about parking at Sallow Bay station last week and nobody answered.",
                        "likes": 21,
                        "shares": 0,
                        "replies": 6,
                        "image_alt": "",
                    },
                ),
                (
                    "text",
                    "<p>One post like this is a warning sign. Several in a month mean a group has lost its hosts. The follower count may still look healthy.</p>",
                ),
                ("heading", "Report results back to staff"),
                (
                    "text",
                    (
                        "<p>People keep going when they can see their work makes a difference. Share results with the staff who did the work, not only with the board.</p>"
                        '<p>A short monthly note is enough, for example: "Your pinned refund post saved around 350 calls this month." It turns invisible effort into visible success.</p>'
                    ),
                ),
                (
                    "key_points",
                    {
                        "heading": "Key points",
                        "points": [
                            "Followers and likes are signals, not returns.",
                            "Measure return by comparing what goes in (hours, training, tools) with results against a baseline.",
                            "Good examples: repeat calls avoided times cost per call, time to first reply, vacancies filled and problems found earlier.",
                            "Watch for fading engagement after the launch buzz, such as fewer replies per post or quiet groups.",
                            "Report results back to staff, so they can see their work pays off.",
                        ],
                    },
                ),
                (
                    "reflection",
                    {
                        "prompt": "Think of one number you have seen reported about our social channels. Is it a signal or a return? What would you need to know to turn it into a return?",
                    },
                ),
                (
                    "callout",
                    {
                        "kind": "tip",
                        "title": "Try it this week",
                        "text": "<p>Pick one objective from the module “Goals that serve the business”. Write down a baseline for it, such as last month's refund calls, and the staff hours it takes today. Ask the team that owns it whether they can report the same figures next month.</p>",
                    },
                ),
            ],
        },
        {
            "code": "A6",
            "slug": "backing-your-people",
            "title": "Backing your people",
            "audiences": ["executives", "managers"],
            "minutes": 8,
            "summary": "Staff take part in public only when the company clearly stands behind them, with time, a supportive policy and help when things go wrong.",
            "quizzes": ["KC"],
            "check_title": "What keeps people posting",
            "body": [
                (
                    "key_points",
                    {
                        "heading": "In short",
                        "points": [
                            "Staff take part in public only when they know the company stands behind them.",
                            "Make social work part of the job, with protected time.",
                            "When honest mistakes happen, fix them together and learn.",
                        ],
                    },
                ),
                ("heading", "Why backing comes before asking"),
                (
                    "text",
                    (
                        '<p>You can ask staff to talk with customers in public. Whether they do depends on one question. "If I get it slightly wrong, will the company stand behind me?"</p>'
                        "<p>If the answer is unclear, most people stay quiet. That is a sensible choice for them, and a loss for the company.</p>"
                    ),
                ),
                ("heading", "Make it part of the job"),
                (
                    "text",
                    (
                        "<p>Social work done on top of a full job soon slips. Build it in instead:</p>"
                        "<ul>"
                        "<li><b>Protected time</b>, such as 2 hours a week written into the rota.</li>"
                        "<li><b>Targets that count it</b>, so social replies sit alongside phone calls.</li>"
                        "<li><b>Training</b> before people start, and coaching as they go.</li>"
                        "<li><b>Recognition</b> in reviews and team meetings.</li>"
                        "</ul>"
                    ),
                ),
                (
                    "social_post",
                    {
                        "display_name": "Jordan Ellis",
                        "handle": "@jordan.ellis",
                        "platform": "internal network",
                        "posted_at": "Thu 17:45",
                        "text": "Replied to 40 passengers today about the Brackenford bus changes. Honestly, I loved it. But it was all on top of my phone queue, so I stayed late again.",
                        "likes": 18,
                        "shares": 0,
                        "replies": 5,
                        "image_alt": "",
                    },
                ),
                (
                    "text",
                    "<p>Jordan's enthusiasm is real and valuable. But staying late every week is not a plan. If we want this work to continue, it needs a place in the working day.</p>",
                ),
                ("heading", "Write a policy that guides, not one that blames"),
                (
                    "text",
                    (
                        "<p>A social media policy can do 2 very different jobs. It can guide and support staff, or it can push all the risk onto them.</p>"
                        '<p>A policy that pushes risk away often relies on disclaimers, such as making staff say they "post at their own risk". It may feel safe to the company. To staff, it reads as "you\'re on your own".</p>'
                        "<p>A supportive policy is short and clear. It says what good looks like, who to ask and what happens if something goes wrong. It also says the company backs people who act in good faith.</p>"
                    ),
                ),
                (
                    "quote",
                    {
                        "quote": 'Before: "Staff who post on behalf of the company do so at their own risk." After: "If you reply in good faith and follow these guidelines, we will stand behind you. If something goes wrong, tell your manager and we will fix it together."',
                        "attribution": "Worked example, People and HR team",
                    },
                ),
                (
                    "callout",
                    {
                        "kind": "tip",
                        "title": "Test any policy draft",
                        "text": "<p>Can a new adviser read it in 5 minutes? Does it say who to ask, and does it promise support for honest mistakes?</p><p>If not, send it back for another draft.</p>",
                    },
                ),
                ("heading", "Fix honest mistakes together"),
                (
                    "text",
                    (
                        "<p>Mistakes will happen. Someone will post the wrong platform number or a slightly wrong time. How the company reacts decides whether people keep trying.</p>"
                        "<p>When it happens, correct the post quickly and openly. Then look at what made the mistake likely: unclear information, nobody to check with, or too much pressure. Fix that too, and share what you learned without blaming anyone.</p>"
                        '<p>As a leader, your reaction sets the tone. If your first question is "Who did this?", people learn to hide mistakes. If it is "What do we need to fix?", they learn to speak up early.</p>'
                    ),
                ),
                (
                    "quote",
                    {
                        "quote": "The first time I posted a wrong bus time, my manager called me straight away. Not to tell me off, but to help me put it right. After that, I wasn't afraid to reply.",
                        "attribution": "Mateo Silva, Customer Service Adviser",
                    },
                ),
                ("heading", "Plan for the long run"),
                (
                    "text",
                    (
                        "<p>Many programmes start with keen volunteers working unpaid after hours. They host groups in the evening and answer posts at weekends. For a while, it works well.</p>"
                        "<p>Then life gets busy, the volunteers burn out and the group goes quiet. Customers notice.</p><p>So plan for the long run from the start. Share the load across a rota, and bring in new people before the first ones run out of energy.</p>"
                    ),
                ),
                (
                    "key_points",
                    {
                        "heading": "Key points",
                        "points": [
                            "Make social work part of the job, with protected time.",
                            "A policy should guide and support staff, not push all the risk onto them through disclaimers.",
                            "Fix honest mistakes together, and learn from them.",
                            "Enthusiasts working unpaid after hours burn out, so plan for the long run.",
                        ],
                    },
                ),
                (
                    "reflection",
                    {
                        "prompt": "If someone in your team made an honest mistake in public tomorrow, what would they expect to happen next? Is that what you want them to expect?",
                    },
                ),
                (
                    "callout",
                    {
                        "kind": "tip",
                        "title": "Try it this week",
                        "text": '<p>Ask one person in your area who answers customers online: "What would make this work easier to keep doing?" Listen without defending anything. Pick one thing you can change, such as protected time, and do it this month.</p>',
                    },
                ),
            ],
        },
    ],
}
