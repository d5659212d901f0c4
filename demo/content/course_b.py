"""Demo content for Course B: Every function is on social (modules B1-B6).

Plain data, loaded by the demo seeding code. Everything here is fictional:
Tarnwick Transit, its people, places and handles. See /work/shared/CONTENT.md.
"""

COURSE = {
    "code": "B",
    "slug": "every-function-is-on-social",
    "title": "Every function is on social",
    "summary": "Customers meet one company, whoever answers. This course shows how each team at Tarnwick Transit uses social channels well, and how to use your own account responsibly.",
    "intro": (
        "<p>This course is for everyone at Tarnwick Transit. Customers don't see our departments. Whoever answers a post, to them it is simply Tarnwick Transit.</p>"
        "<p>There are 6 short modules of 6 to 8 minutes each, and everyone takes all 6. Modules 2 to 5 are written for one team each, such as customer service or HR. They also show everyone else how that team works on social channels.</p>"
        "<p>Each module ends with a quick quiz, and 2 include a practice scenario. A wrong choice there is practice, not failure: the feedback explains why.</p>"
        "<p>Between modules, try one small thing in your daily work, such as passing on a post your team could answer.</p>"
    ),
    "audience": "all_staff",
    "outcomes": [
        "You will be able to explain why every team at Tarnwick Transit already takes part in conversations on social channels.",
        "You will be able to describe how customer service, product, brand, PR, HR and operations each use these channels, and what each can get wrong.",
        "You will be able to answer a public complaint in a human, professional voice: acknowledge in public, take personal details private and fix the pattern.",
        "You will be able to spot patterns in what customers say and pass them to the team that can act on them.",
        "You will be able to use your own account responsibly: say who you work for, keep plans confidential and send customers to the official channel.",
    ],
    "modules": [
        {
            "code": "B1",
            "slug": "youre-already-in-the-conversation",
            "title": "You're already in the conversation",
            "audiences": ["all_staff"],
            "minutes": 6,
            "summary": "Every team has knowledge customers value, and our accounts exist to be useful first and promotional second.",
            "quizzes": ["KC"],
            "check_title": "Useful first",
            "body": [
                (
                    "key_points",
                    {
                        "heading": "In short",
                        "points": [
                            "Every team at Tarnwick Transit knows things that customers value.",
                            "Our accounts exist to be useful first and promotional second.",
                            "On social channels, listening counts as much as posting.",
                        ],
                    },
                ),
                ("heading", "See what you know that customers want"),
                (
                    "text",
                    (
                        "<p>You might think social media has nothing to do with your job. Look again. Passengers ask about things that every team knows.</p>"
                        "<ul>"
                        "<li>Why is my bus running late? (operations)</li>"
                        "<li>Where is my refund? (customer service)</li>"
                        "<li>Why did the Journey app log me out? (product and digital)</li>"
                        "<li>Are you hiring drivers in Brackenford? (HR)</li>"
                        "</ul>"
                        "<p>Your everyday knowledge is what makes a post worth reading. Real expertise makes a post credible, because people can tell when an answer comes from someone who knows.</p>"
                    ),
                ),
                ("heading", "Be useful first, promotional second"),
                (
                    "text",
                    (
                        "<p>Tarnwick Transit's accounts, led by @TarnwickTransit, are there to help people get where they are going. Offers and news have their place, but they come second.</p>"
                        "<p>Here is a simple test: would a passenger be glad they saw this post? A clear note about a moved bus stop passes. A fourth advert in one day probably doesn't.</p>"
                    ),
                ),
                (
                    "social_post",
                    {
                        "display_name": "Tarnwick Transit",
                        "handle": "@TarnwickTransit",
                        "platform": "microblog",
                        "posted_at": "Sat 08:05",
                        "text": "Roadworks on Mill Street, Hollin, until Friday. Routes 7 and 14 stop on Station Road instead, 2 minutes' walk away. Photo shows the temporary stop.",
                        "likes": 48,
                        "shares": 37,
                        "replies": 6,
                        "image_alt": "Temporary bus stop pole on Station Road in Hollin, just outside the railway station entrance.",
                    },
                ),
                (
                    "text",
                    "<p>This post does 3 useful things. It says where, for how long and what to do instead. The photo helps people find the new stop, and its alt text describes it for people who can't see the image.</p>",
                ),
                ("heading", "Pair experts with communicators"),
                (
                    "text",
                    (
                        "<p>You don't need to be a great writer to help. The best posts often come from a pair: someone who knows the subject and someone who knows how to communicate.</p>"
                        "<p>The expert stops the post turning into fluff, meaning friendly words with nothing useful inside. The communicator stops it turning into jargon, meaning words only insiders understand. Together they make something clear and true.</p>"
                    ),
                ),
                (
                    "quote",
                    {
                        "quote": "I know the signalling inside out, but I write like an engineering manual. Siobhán turns my notes into something my neighbours would understand. Then I check she hasn't changed the facts.",
                        "attribution": "Tomasz Nowak, Head of Control Room",
                    },
                ),
                ("heading", "Listen as much as you post"),
                (
                    "text",
                    (
                        "<p>On social channels, listening means reading what people say about us, even when they don't tag us. Tagging means adding our account name, such as @TarnwickTransit, to a post so that we get a notification.</p>"
                        "<p>Many of the most useful posts never tag us. Someone in a community group asks if the Sallow Bay car park is full, or a photo shows a broken shelter in Brackenford.</p><p>If you notice something your team could answer or fix, pass it on.</p>"
                    ),
                ),
                (
                    "social_post",
                    {
                        "display_name": "Tomás Ibarra",
                        "handle": "@tomas.ib",
                        "platform": "community group",
                        "posted_at": "Sun 17:20",
                        "text": "Anyone know if the car park at Sallow Bay station is full? Thinking of driving down for the 18:40 train.",
                        "likes": 3,
                        "shares": 0,
                        "replies": 7,
                        "image_alt": "",
                    },
                ),
                (
                    "text",
                    "<p>Tomás didn't tag us, so the main account may never see this. A colleague from operations who spots it could answer in a minute, or pass it to the team that runs the account.</p>",
                ),
                (
                    "callout",
                    {
                        "kind": "tip",
                        "title": "Not sure? Pass it on",
                        "text": "<p>You don't have to reply to everything you see. If a post needs an answer and you're not the right person, send it to the team who is. That counts as taking part too.</p>",
                    },
                ),
                ("heading", "Know the house rules and who to ask"),
                (
                    "text",
                    (
                        "<p>You don't have to work this out alone. Our social media guidelines are short and written in plain English.</p>"
                        "<p>If you're unsure, ask first. The comms team would much rather answer a question than fix a problem later.</p>"
                        "<ul>"
                        '<li><b>The house rules:</b> the internal network, under "Working on social".</li>'
                        "<li><b>A question about posting:</b> the comms team, at social@tarnwick.example.</li>"
                        "<li><b>A customer who needs help:</b> customer service, through @TarnwickTransit.</li>"
                        "</ul>"
                    ),
                ),
                (
                    "key_points",
                    {
                        "heading": "Key points",
                        "points": [
                            "Real expertise is what makes a post believable.",
                            "Pairs of an expert and a communicator avoid both fluff and jargon.",
                            "Know where the house rules are, and ask the comms team when unsure.",
                            "On social channels, listening counts as much as posting.",
                        ],
                    },
                ),
                (
                    "reflection",
                    {
                        "prompt": "What question do customers ask that your team could answer better than anyone? Who could help you say it clearly?",
                    },
                ),
            ],
        },
        {
            "code": "B2",
            "slug": "customer-service-in-public",
            "title": "Customer service in public",
            "audiences": ["customer_service"],
            "minutes": 8,
            "summary": "One public answer helps everyone with the same question, and spotting patterns cuts repeat calls.",
            "quizzes": ["S2", "KC"],
            "check_title": "Answering in public",
            "body": [
                (
                    "key_points",
                    {
                        "heading": "In short",
                        "points": [
                            "One public answer helps everyone with the same question.",
                            "Acknowledge in public quickly, then take personal details to private messages.",
                            "Spot patterns and pass them on, so fewer people need to ask.",
                        ],
                    },
                ),
                ("heading", "Why answering in public helps everyone"),
                (
                    "text",
                    (
                        "<p>When you answer a customer on the phone, one person hears it. When you answer in public, everyone with the same question can see it. So can the many people who read without ever posting.</p>"
                        "<p>A public reply also shows something bigger: that Tarnwick Transit listens. People watching decide whether to trust us partly by how we treat others.</p>"
                        "<p>It saves time, too. If 200 people can read one clear answer, far fewer of them need to phone the customer line.</p>"
                    ),
                ),
                ("heading", "Acknowledge in public, take details private"),
                (
                    "text",
                    (
                        "<p>Most complaints can follow the same simple pattern.</p>"
                        "<ol>"
                        "<li><b>Acknowledge quickly in public.</b> Say sorry where it fits, and show you have understood the problem.</li>"
                        "<li><b>Move personal details to a private message.</b> Only you and the customer can see a private message. Never ask for a claim reference, email address or phone number in a public reply.</li>"
                        "<li><b>Come back to the public thread.</b> A thread is a post and the replies under it. Once the problem is sorted, say so there, so onlookers know it ended well.</li>"
                        "</ol>"
                    ),
                ),
                (
                    "social_post",
                    {
                        "display_name": "Yusuf Demir",
                        "handle": "@yusuf_d",
                        "platform": "microblog",
                        "posted_at": "Wed 12:30",
                        "text": "Bought a day ticket in the Journey app and got charged twice. Third time I've asked about it. @TarnwickTransit is anyone there?",
                        "likes": 15,
                        "shares": 2,
                        "replies": 4,
                        "image_alt": "",
                    },
                ),
                (
                    "social_post",
                    {
                        "display_name": "Tarnwick Transit",
                        "handle": "@TarnwickTransit",
                        "platform": "microblog",
                        "posted_at": "Wed 12:41",
                        "text": "Sorry, Yusuf. Being charged twice is frustrating, and you shouldn't have to ask 3 times. I've sent you a private message so we can find the payment and put it right today. Jordan",
                        "likes": 6,
                        "shares": 0,
                        "replies": 1,
                        "image_alt": "",
                    },
                ),
                (
                    "text",
                    "<p>The reply comes quickly, sounds human and is signed with a first name. It admits the problem and says what happens next. It asks for nothing personal in public.</p>",
                ),
                ("heading", "Answer the pattern, not just the person"),
                (
                    "text",
                    (
                        "<p>If 10 people ask the same thing, many more are probably wondering. Answering each one separately is slow. Answering the pattern is faster.</p>"
                        '<p>A pinned how-to helps. That is a short post fixed at the top of our profile, so it is the first thing people see. For example: "How to claim for a delay, in 3 steps."</p>'
                        '<p>Keep a simple log of recurring questions. Each week, send the top themes to product and operations, with a count. "40 people this month couldn\'t find the claim button" is something the Journey app team can fix.</p>'
                    ),
                ),
                ("heading", "Sound plain and warm, never robotic"),
                (
                    "text",
                    (
                        "<p>Customers spot a copied-and-pasted reply at once. Pasting the same line under every post looks automated, even when a person wrote it.</p>"
                        "<p>Write as you would speak to someone at the ticket office. Use their name, say what you will do and when, and sign with your first name.</p>"
                    ),
                ),
                (
                    "quote",
                    {
                        "quote": 'Robotic: "We apologise for any inconvenience caused. Please contact Customer Relations." Human: "Sorry, Priti, that\'s a long wait for a refund. Send us your claim number by private message and I\'ll chase it today."',
                        "attribution": "Worked example, Customer Service team",
                    },
                ),
                ("heading", "Never argue about the rules in public"),
                (
                    "text",
                    (
                        '<p>It can be tempting to quote the terms and conditions: "Refunds can take up to 28 days." You may be right. But winning the argument in public loses everyone who is watching.</p>'
                        "<p>Explain a rule kindly if it helps, then focus on what you can do. If a customer is angry, stay calm and try not to take it personally. The anger is usually about the problem, not about you.</p>"
                    ),
                ),
                (
                    "callout",
                    {
                        "kind": "warning",
                        "title": "Only hide posts for a clear reason",
                        "text": "<p>Don't hide or delete criticism, because people notice and it makes the complaint bigger. Hide a post only if it contains abuse, threats, spam or exposed personal data, such as a phone number. Follow the house rules, and tell your manager.</p>",
                    },
                ),
                (
                    "text",
                    "<p>In the scenario that follows, you cover social channels for customer service on a day shift. A refund complaint is about to grow.</p>",
                ),
                (
                    "key_points",
                    {
                        "heading": "Key points",
                        "points": [
                            "Acknowledge in public quickly, then take personal details to private messages.",
                            "Answer the pattern with pinned how-to posts.",
                            "Log recurring questions and pass them to product and operations.",
                            "Be plain and warm, never robotic.",
                            "Never argue about terms and conditions in public.",
                        ],
                    },
                ),
                (
                    "reflection",
                    {
                        "prompt": "Think of a question you answered more than 3 times last week. What single public post could have answered it for everyone?",
                    },
                ),
            ],
        },
        {
            "code": "B3",
            "slug": "listening-for-product-insight",
            "title": "Listening for product insight",
            "audiences": ["product", "operations"],
            "minutes": 7,
            "summary": "Public conversation is a constant, low-cost source of what customers love, hate and work around.",
            "quizzes": ["KC"],
            "check_title": "What the feed tells product",
            "body": [
                (
                    "key_points",
                    {
                        "heading": "In short",
                        "points": [
                            "Public conversation is a constant, low-cost source of what customers love, hate and work around.",
                            "Use it to add to formal research, not to replace it.",
                            "Check the numbers before you react to a loud few.",
                        ],
                    },
                ),
                ("heading", "Notice the free insight all around you"),
                (
                    "text",
                    (
                        "<p>Every day, people post about the Journey app, our routes and our stations. They say what they love, what annoys them and what they do to get round problems. Those tricks are called workarounds.</p>"
                        "<p>Workarounds are gold for product and operations teams. If people screenshot their ticket because the app is slow at the barrier, that tells you exactly what to fix.</p>"
                    ),
                ),
                (
                    "social_post",
                    {
                        "display_name": "Hana Sato",
                        "handle": "@hana_commutes",
                        "platform": "microblog",
                        "posted_at": "Tue 08:14",
                        "text": "Tip for the Tarnwick Central barriers: open your Journey app ticket at Hollin, before you get on. It takes ages to load in the tunnel.",
                        "likes": 54,
                        "shares": 22,
                        "replies": 11,
                        "image_alt": "",
                    },
                ),
                (
                    "text",
                    "<p>Hana is helping other passengers. She is also telling us, for free, that the app struggles without a signal.</p>",
                ),
                ("heading", "Search before you commission research"),
                (
                    "text",
                    (
                        '<p>Before you pay for a survey or a focus group, spend an hour searching. Look for mentions of the Journey app, route numbers, station names and features such as "season ticket" or "live times".</p>'
                        "<p>Don't stop at posts that tag us. Look in community groups and passenger forums too, such as @fairfares_vale. You may find the answer to your question, or at least a sharper question to ask.</p>"
                        '<p>Search for the words people actually use. Passengers rarely type "the Journey app". They say "the Tarnwick app" or just "the bus app".</p>'
                    ),
                ),
                ("heading", "Tag and count themes"),
                (
                    "text",
                    (
                        "<p>A single post is a story. Many posts on one topic are a pattern. To see patterns, label each useful post with a theme, then count them.</p>"
                        '<p>A simple spreadsheet is enough, with columns for date, channel, theme and a short quote. After a few weeks you might see, for example, that "app logs me out" comes up 3 times as often as anything else.</p>'
                        "<p>Use these themes to add to formal research, not to replace it. Posts come from people who choose to post, so they don't speak for every passenger.</p><p>Research tells you how widespread a problem is. Listening tells you early, and in customers' own words.</p>"
                    ),
                ),
                ("heading", "Check the numbers before you react"),
                (
                    "text",
                    (
                        "<p>Some topics get loud fast. Ten angry posts in an hour can feel like a crisis. Before you change a plan, check how many people are really affected.</p>"
                        "<p>Compare the posts with other data, such as app ratings, call numbers and journey counts. A loud few may have a real point worth fixing. They may also be a small group, while thousands of quiet users are happy.</p>"
                        "<p>Either way, loud posts still deserve a kind reply, even when they don't change the plan.</p>"
                    ),
                ),
                (
                    "callout",
                    {
                        "kind": "tip",
                        "title": "Ask 3 questions first",
                        "text": "<p>How many people raised this, and over what period? Does other data tell the same story?</p><p>Answer these before you react, and write the answers down.</p>",
                    },
                ),
                ("heading", "Tell people what changed"),
                (
                    "text",
                    (
                        "<p>When you fix something people raised, tell them. This is called closing the loop: showing people that their feedback led somewhere.</p>"
                        "<p>It makes people more likely to tell you things next time. It also shows everyone else that speaking up about a problem is worth it.</p>"
                    ),
                ),
                (
                    "social_post",
                    {
                        "display_name": "Tarnwick Transit",
                        "handle": "@TarnwickTransit",
                        "platform": "microblog",
                        "posted_at": "Thu 10:00",
                        "text": "You told us the Journey app kept logging you out. Today's update fixes it. Thank you to everyone who reported it, and please keep telling us what you find.",
                        "likes": 212,
                        "shares": 40,
                        "replies": 35,
                        "image_alt": "",
                    },
                ),
                (
                    "quote",
                    {
                        "quote": "We used to wait for the quarterly survey. Now I spend 20 minutes each morning reading what people say about the app. Half our backlog ideas start there, and the survey tells us which ones matter most.",
                        "attribution": "Priya Nair, Product Owner, Journey app",
                    },
                ),
                (
                    "key_points",
                    {
                        "heading": "Key points",
                        "points": [
                            "Search mentions of the app, routes and features before you commission research.",
                            "Tag and count themes, and use them to add to formal research, not replace it.",
                            "Tell people what changed because they spoke up.",
                            "Check the numbers before reacting to a loud few.",
                        ],
                    },
                ),
                (
                    "reflection",
                    {
                        "prompt": "What might customers be working around in the product or service you look after? Where could you look to find out?",
                    },
                ),
            ],
        },
        {
            "code": "B4",
            "slug": "brand-and-pr-posts-people-want-to-share",
            "title": "Brand and PR: posts people want to share",
            "audiences": ["communications"],
            "minutes": 7,
            "summary": "Press-release language rarely travels, while useful, human and visual posts do.",
            "quizzes": ["KC"],
            "check_title": "Posts that travel",
            "body": [
                (
                    "key_points",
                    {
                        "heading": "In short",
                        "points": [
                            "Press-release language rarely travels. Useful, human and visual posts do.",
                            "Start with what matters to the reader, in plain words.",
                            "Every campaign calendar needs a pause switch.",
                        ],
                    },
                ),
                ("heading", "Start with what matters to the reader"),
                (
                    "text",
                    (
                        "<p>Press releases are written for reporters. They start with the company, use formal words and save the useful part for later. On a busy feed, people scroll past in a second.</p>"
                        '<p>Posts that people share are different: useful, human and often visual. They answer "What does this mean for me?" straight away.</p>'
                    ),
                ),
                (
                    "quote",
                    {
                        "quote": 'Before: "Tarnwick Transit is pleased to announce the successful completion of a major accessibility programme at Brackenford station." After: "Every platform at Brackenford is now step-free. The new lifts open today."',
                        "attribution": "Worked example, Brand and Communications team",
                    },
                ),
                (
                    "text",
                    "<p>The second version puts the passenger first. It says what changed and what it means today. A thank-you to the engineers can follow in another post.</p>",
                ),
                ("heading", "Give each post one idea, plain words and alt text"),
                (
                    "text",
                    (
                        "<p>Give each post one idea. If you have 3 things to say, write 3 posts or a short thread: a set of posts linked together, one after another.</p>"
                        "<p>Use plain words and short sentences. Avoid abbreviations unless everyone knows them.</p>"
                        "<p>Add alt text to every image. Alt text is a short description that screen readers read aloud for people who can't see the image. Say what matters in the picture in under 125 characters, and keep important words out of the image itself.</p>"
                    ),
                ),
                (
                    "social_post",
                    {
                        "display_name": "Tarnwick Transit",
                        "handle": "@TarnwickTransit",
                        "platform": "photo app",
                        "posted_at": "Mon 11:00",
                        "text": "Step-free at last. Every platform at Brackenford now has a lift, so buggies, wheelchairs and heavy cases can get on board more easily. Thank you for your patience during the works.",
                        "likes": 530,
                        "shares": 144,
                        "replies": 41,
                        "image_alt": "A wheelchair user and a parent with a buggy wait by a new glass lift on a Brackenford platform.",
                    },
                ),
                (
                    "text",
                    "<p>This post leads with the benefit, names who it helps and thanks people for their patience. Its alt text tells a screen reader user what the photo shows, not just that there is a photo.</p>",
                ),
                ("heading", "Keep one voice across our accounts"),
                (
                    "text",
                    (
                        "<p>Tarnwick Transit has several accounts: the main account, a jobs account and local community groups. To customers they are all one company, so they should sound like one.</p>"
                        "<p>Our voice is helpful, warm and clear. It is never sarcastic, and it never makes jokes at anyone's expense. The house style guide on the internal network gives examples.</p>"
                        "<p>If you're unsure about tone, read the post aloud. If it sounds like a helpful colleague at the ticket office, you are close.</p>"
                    ),
                ),
                ("heading", "Let experts speak, and edit rather than ghost-write"),
                (
                    "text",
                    (
                        "<p>Ghost-writing means writing words that appear under someone else's name. It is common, but readers often sense it, and it takes experts out of their own story.</p>"
                        "<p>A better way is for comms to edit. Let the driver, engineer or planner draft it in their own words. Then tighten it, check the facts and the tone, and agree the final version with them.</p>"
                    ),
                ),
                ("heading", "Build in a pause switch"),
                (
                    "text",
                    (
                        "<p>Scheduled posts go out automatically at a set time. They save effort, but they don't know when something has gone wrong.</p>"
                        "<p>In a widely reported case, a rail operator's feed kept posting cheerful offers while passengers sat stranded for hours. The offers had been planned weeks earlier, and nobody had a quick way to stop them.</p>"
                        "<p>Every campaign calendar needs a pause switch: a clear step, known to everyone on the out-of-hours rota, that stops all scheduled posts at once. Course C covers this in detail.</p>"
                    ),
                ),
                (
                    "callout",
                    {
                        "kind": "warning",
                        "title": "Check before you schedule",
                        "text": "<p>For every scheduled post, know who can pause it out of hours, and how. If nobody on the out-of-hours rota can, fix that before the post goes into the calendar.</p>",
                    },
                ),
                (
                    "key_points",
                    {
                        "heading": "Key points",
                        "points": [
                            "Start with what matters to the reader.",
                            "Give each post one idea, in plain words, with alt text on every image.",
                            "Keep one consistent voice across all our accounts.",
                            "Let experts speak, and have comms edit rather than ghost-write.",
                            "Every campaign calendar needs a pause switch.",
                        ],
                    },
                ),
                (
                    "reflection",
                    {
                        "prompt": "Think of the last announcement your team made. How would you rewrite its first line so that a passenger would want to share it?",
                    },
                ),
            ],
        },
        {
            "code": "B5",
            "slug": "hr-what-working-here-is-really-like",
            "title": "HR: what working here is really like",
            "audiences": ["hr", "managers"],
            "minutes": 6,
            "summary": "Candidates judge an employer by how it talks and by how its staff talk about it.",
            "quizzes": ["KC"],
            "check_title": "Stories, consent and hiring",
            "body": [
                (
                    "key_points",
                    {
                        "heading": "In short",
                        "points": [
                            "Candidates judge an employer by how it talks, and by how its staff talk about it.",
                            "Real team stories, shared with consent, beat slogans.",
                            "Sharing by staff is always voluntary and never scripted.",
                        ],
                    },
                ),
                ("heading", "See how candidates check us out"),
                (
                    "text",
                    (
                        "<p>Before someone applies to be a driver or an engineer, they look us up. They read our job posts, and they also read what our staff and customers say.</p>"
                        '<p>A glossy slogan such as "Join our family!" tells them very little. A driver describing her first week on route 9 tells them a lot.</p>'
                        "<p>Candidates also notice how we reply. A quick, friendly answer to a simple question says a lot about how we treat people.</p>"
                    ),
                ),
                ("heading", "Tell real stories, with consent"),
                (
                    "text",
                    (
                        "<p>The most persuasive recruitment posts are honest. Show real people doing real work: the early start at the depot, the training, the team that helped when things went wrong.</p>"
                        "<p>Always get consent first. Consent means the person has freely agreed, knows where the story will appear and can change their mind later.</p>"
                        "<p>Let people tell the story in their own words where you can. Edit for length, not for personality, and show them the final version before it goes out.</p>"
                    ),
                ),
                (
                    "social_post",
                    {
                        "display_name": "Tarnwick Transit Careers",
                        "handle": "@TarnwickCareers",
                        "platform": "photo app",
                        "posted_at": "Wed 15:30",
                        "text": 'Meet Lerato. She joined as a trainee bus driver last spring, after 12 years in a bakery. "The training gave me confidence. Now I know every stop on route 9 by heart." We\'re hiring in Brackenford.',
                        "likes": 184,
                        "shares": 52,
                        "replies": 19,
                        "image_alt": "A smiling bus driver in uniform stands beside her bus at Brackenford depot in early morning light.",
                    },
                ),
                ("heading", "Search where scarce skills gather"),
                (
                    "text",
                    (
                        "<p>Some skills are hard to find, such as bus drivers and rail engineers. Waiting for those people to see an advert rarely works.</p>"
                        "<p>Go where they already are. Look for local community groups, trade forums and hobby groups where people talk about buses, trains or engineering. Join in helpfully, answer questions about the work, and mention vacancies when it is relevant.</p>"
                    ),
                ),
                (
                    "social_post",
                    {
                        "display_name": "Chidi Okeke",
                        "handle": "@chidi_o",
                        "platform": "community group",
                        "posted_at": "Tue 20:05",
                        "text": "Do you need a bus licence already to apply for driver jobs at Tarnwick? I've only got a car licence.",
                        "likes": 11,
                        "shares": 1,
                        "replies": 4,
                        "image_alt": "",
                    },
                ),
                (
                    "text",
                    "<p>This is a perfect moment for a real answer. A driver who trained with us can explain how training works and mention the next open evening in Brackenford. That is worth more than any advert.</p>",
                ),
                (
                    "quote",
                    {
                        "quote": "Our most shared job post last year wasn't an advert. It was an engineer explaining, in her own words, what she fixes on a night shift.",
                        "attribution": "Fatima Haddad, HR Business Partner",
                    },
                ),
                ("heading", "Protect colleagues' privacy"),
                (
                    "text",
                    (
                        "<p>Never share a colleague's photo, name or personal details without their consent. That includes group photos from team events, where some people may not want to be online at all.</p>"
                        "<p>Check the background, too. A staff rota on the wall or a name badge in shot can reveal more than you meant to share.</p>"
                        "<p>If someone asks you to take a photo down, do it promptly and without fuss. Consent given last month can be withdrawn today.</p>"
                    ),
                ),
                ("heading", "Keep sharing voluntary, never scripted"),
                (
                    "text",
                    (
                        "<p>It's great when staff share job posts. But it must be their own choice. Never pressure people to post, and never hand them words to copy.</p>"
                        '<p>Scripted posts all sound the same, and readers notice. They also put staff in an awkward spot. Instead, make sharing easy: put the post on the internal network and say "If you\'d like to share this, thank you."</p>'
                    ),
                ),
                (
                    "callout",
                    {
                        "kind": "tip",
                        "title": "For managers",
                        "text": "<p>If someone in your team shares a job post, a quick thank-you is enough. If they don't, that's fine too. Never keep track of who did and who didn't.</p>",
                    },
                ),
                (
                    "key_points",
                    {
                        "heading": "Key points",
                        "points": [
                            "Real team stories, shared with consent, beat slogans.",
                            "Search for scarce skills, such as drivers and engineers, where those people already gather.",
                            "Share no colleague photos or details without their consent.",
                            "Sharing by staff is voluntary and never scripted.",
                        ],
                    },
                ),
                (
                    "reflection",
                    {
                        "prompt": "If a friend asked what it's really like to work in your team, what would you tell them? What would you want a candidate to know?",
                    },
                ),
            ],
        },
        {
            "code": "B6",
            "slug": "your-own-account-and-the-company",
            "title": "Your own account and the company",
            "audiences": ["all_staff"],
            "minutes": 8,
            "summary": "Your account is yours, but once you mention work you become part of the company's story.",
            "quizzes": ["S3", "KC"],
            "check_title": "Posting as yourself",
            "body": [
                (
                    "key_points",
                    {
                        "heading": "In short",
                        "points": [
                            "Your account is yours, but once you mention work you become part of the company's story.",
                            "Say you work here, keep confidential plans private and make no promises for the company.",
                            "Send complaints to the official channel, and tell comms early if a post gets attention.",
                        ],
                    },
                ),
                ("heading", "Understand how your posts shape our story"),
                (
                    "text",
                    (
                        "<p>You are free to use your personal accounts as you like. Many staff post about buses, trains or life in the Vale, and that's welcome.</p>"
                        "<p>But once you mention Tarnwick Transit, readers see you as part of it. What you say can shape how people see the company, for good or bad.</p>"
                    ),
                ),
                ("heading", "Say who you work for"),
                (
                    "text",
                    (
                        '<p>When you post about the company, or about transport in the Vale, say that you work for Tarnwick Transit. A short line is enough. Put "I work at Tarnwick Transit, views my own" in your profile, or add "I work here" to the post.</p>'
                        "<p>This is called disclosure. It lets readers judge what you say, and it protects you. If people find out later, even a kind post can look like hidden advertising.</p>"
                    ),
                ),
                ("heading", "Keep confidential plans private"),
                (
                    "text",
                    (
                        "<p>You may hear about plans before they are public: new routes, timetable changes or delays to projects. Keep them to yourself until they are announced. If you're not sure whether something is public yet, check @TarnwickTransit or ask your manager.</p>"
                        "<p>Watch what shows in your photos, too. A whiteboard, a screen, a rota or a document in the background can reveal more than the main subject.</p>"
                    ),
                ),
                (
                    "social_post",
                    {
                        "display_name": "Olu Adewale",
                        "handle": "@olu_on_the_buses",
                        "platform": "photo app",
                        "posted_at": "Sun 19:30",
                        "text": "Proud of the team at the depot today. Three buses back on the road before the morning rush. Love this job.",
                        "likes": 76,
                        "shares": 4,
                        "replies": 9,
                        "image_alt": "Three mechanics beside a bus in a depot; a wall planner behind them lists dates for new routes.",
                    },
                ),
                (
                    "text",
                    "<p>It's a lovely post. But the wall planner behind the team shows route changes that haven't been announced yet. Check the whole frame before you post.</p>",
                ),
                ("heading", "Speak for yourself, and promise nothing for the company"),
                (
                    "text",
                    (
                        "<p>On your personal account, you speak for yourself. You can share your views, but you can't make promises for the company.</p>"
                        '<p>If someone asks "Will you refund me?" or "Will that driver be disciplined?", don\'t promise anything. You don\'t have the full picture, and it isn\'t fair to a colleague whose side nobody has heard.</p>'
                        "<p>Stay calm with critics, too. If someone has a go at the company under your post, one calm reply pointing to @TarnwickTransit is enough. Not every jibe needs an answer.</p>"
                    ),
                ),
                ("heading", "Send complaints to the official channel"),
                (
                    "text",
                    "<p>Friends and followers may bring you complaints because they know where you work. Be kind, and point them to the place that can help.</p>",
                ),
                (
                    "quote",
                    {
                        "quote": "Sorry to hear that, Sunita. I'm not in customer service, but they can look into it properly. You can reach them at @TarnwickTransit or through the feedback form in the Journey app.",
                        "attribution": "Worked example, a reply from a personal account",
                    },
                ),
                (
                    "text",
                    (
                        "<p>This reply is friendly and honest about your role. It sends the customer somewhere that can actually help, and it promises nothing you can't deliver.</p>"
                        "<p>Don't ask for their details or try to sort it out yourself through your own account. Complaints about staff go through the proper process, so everyone gets a fair hearing.</p>"
                    ),
                ),
                ("heading", "Tell comms early if a post takes off"),
                (
                    "text",
                    (
                        "<p>Sometimes a post takes off. A journalist follows you, or strangers start arguing in your replies. Tell your manager and the comms team early, at social@tarnwick.example.</p>"
                        "<p>You won't be in trouble for asking. Comms would much rather hear from you first than from a reporter. If you've made an honest mistake, they will help you fix it.</p>"
                    ),
                ),
                (
                    "callout",
                    {
                        "kind": "tip",
                        "title": "3 quick checks before you post",
                        "text": "<p>Would I be happy for my manager and a customer to read this? Is anything confidential, including in the background? Am I promising something only the company can promise?</p>",
                    },
                ),
                (
                    "key_points",
                    {
                        "heading": "Key points",
                        "points": [
                            "Say you work here when you post about the company or its sector.",
                            "Keep confidential or unannounced plans private, including what shows in the background of photos.",
                            "Your views are your own, so make no promises for the company.",
                            "Send complaints to the official channel.",
                            "Tell comms early if a post starts drawing attention.",
                        ],
                    },
                ),
                (
                    "reflection",
                    {
                        "prompt": "Look at your own profiles. If you post about work, would a stranger know you work for Tarnwick Transit? What would you now check before posting?",
                    },
                ),
            ],
        },
    ],
}
